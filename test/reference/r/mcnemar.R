# McNemar tests for a yes/no answer before and after (test/lib/stats/mcnemar.test.ts).
# Table layout: rows = before (yes, no), columns = after (yes, no), so
# b = yes -> no = x[1, 2] and c = no -> yes = x[2, 1].
source("common.R")
header("McNemar tests")

# The rule the report uses: the exact binomial test while the discordant pairs
# are few (b + c < 25), McNemar's chi-squared with continuity correction otherwise.
exact_below <- 25

mcnemar_case <- function(name, a, b, c, d) {
  x <- matrix(c(a, c, b, d), 2)
  n <- b + c
  note(name, ": b = ", b, ", c = ", c, "; mcnemar.test(matrix(c(", a, ", ", c, ", ", b, ", ", d, "), 2))")
  cc <- mcnemar.test(x)
  un <- mcnemar.test(x, correct = FALSE)
  emit(paste0(name, ".statistic"), cc$statistic)
  emit(paste0(name, ".p"), cc$p.value)
  emit(paste0(name, ".statistic_uncorrected"), un$statistic)
  emit(paste0(name, ".p_uncorrected"), un$p.value)
  exact <- tryCatch(binom.test(b, n, 0.5)$p.value, error = function(e) {
    note(name, ": binom.test(", b, ", ", n, ", 0.5) stops: ", conditionMessage(e))
    NA
  })
  if (!is.na(exact)) {
    emit(paste0(name, ".p_exact"), exact)
    m <- min(b, c)
    emit(paste0(name, ".p_mid"), min(1, 2 * (pbinom(m, n, 0.5) - 0.5 * dbinom(m, n, 0.5))))
  }
  if (n == 0) return(invisible())
  if (n < exact_below) {
    note(name, ": chosen = exact binom.test(b, b + c, 0.5)")
    emit(paste0(name, ".chosen_p"), exact)
  } else {
    note(name, ": chosen = ", cc$method)
    emit(paste0(name, ".chosen_statistic"), cc$statistic)
    emit(paste0(name, ".chosen_df"), cc$parameter)
    emit(paste0(name, ".chosen_p"), cc$p.value)
  }
}

note("Agresti (1990, p. 350) presidential approval, R's ?mcnemar.test example")
mcnemar_case("agresti", 794, 150, 86, 570)
mcnemar_case("small", 10, 8, 2, 5)
mcnemar_case("equal_small", 10, 5, 5, 7)
mcnemar_case("equal_large", 10, 15, 15, 7)
mcnemar_case("boundary_24", 10, 17, 7, 3)
mcnemar_case("boundary_25", 10, 18, 7, 3)
mcnemar_case("only_c_small", 12, 0, 6, 4)
mcnemar_case("only_c_large", 12, 0, 30, 4)
mcnemar_case("only_b_small", 12, 3, 0, 4)
note("no discordant pairs: mcnemar.test gives NaN, binom.test(0, 0) stops;")
note("mcnemarAuto (src/lib/stats/mcnemar.ts) then defines p = 1: no evidence of change")
mcnemar_case("none", 10, 0, 0, 5)
