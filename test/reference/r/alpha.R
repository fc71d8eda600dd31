# Cronbach's alpha with psych::alpha on complete cases (test/lib/stats/alpha.test.ts).
source("common.R")
suppressPackageStartupMessages(library(psych))
header("Cronbach's alpha", "psych")

report_alpha <- function(name, x) {
  a <- suppressWarnings(suppressMessages(psych::alpha(x)))
  emit(paste0(name, ".n"), nrow(x))
  emit(paste0(name, ".raw_alpha"), a$total$raw_alpha)
  emit(paste0(name, ".std_alpha"), a$total$std.alpha)
  emit(paste0(name, ".average_r"), a$total$average_r)
  emit(paste0(name, ".ase"), a$total$ase)
  note(name, ": Feldt CI, psych's alpha.ci (a$feldt)")
  emit(paste0(name, ".feldt_ci"), c(a$feldt$lower.ci$raw_alpha, a$feldt$upper.ci$raw_alpha))
  note(name, ": Duhachek CI as psych prints it: raw_alpha -/+ 1.96 * ase")
  emit(paste0(name, ".duhachek_ci"), a$total$raw_alpha + c(-1.96, 1.96) * a$total$ase)
  emit(paste0(name, ".alpha_if_deleted"), a$alpha.drop$raw_alpha)
  emit(paste0(name, ".r_drop"), a$item.stats$r.drop)
  emit(paste0(name, ".item_mean"), a$item.stats$mean)
  emit(paste0(name, ".item_sd"), a$item.stats$sd)
}

note("psych::alpha(attitude), datasets::attitude, 30 people x 7 items")
report_alpha("attitude", attitude)

note("the same by the covariance formula k/(k-1) (1 - sum(var) / var(total))")
alpha_raw <- function(X) { X <- as.matrix(X); k <- ncol(X); k / (k - 1) * (1 - sum(apply(X, 2, var)) / var(rowSums(X))) }
emit("attitude.alpha_formula", alpha_raw(attitude))

note("attitude with 'critical' reverse-keyed as 100 - x")
keyed <- attitude; keyed$critical <- 100 - keyed$critical
# psych prints a reverse-keying hint with cat(); keep it out of the output.
invisible(capture.output(a_keyed <- suppressWarnings(suppressMessages(psych::alpha(keyed)))))
emit("attitude_critical_reversed.raw_alpha", a_keyed$total$raw_alpha)

note("two items: rows (1,2) (2,2) (3,4) (4,5) (5,4)")
two <- data.frame(x = c(1, 2, 3, 4, 5), y = c(2, 2, 4, 5, 4))
emit("two_items.raw_alpha", alpha_raw(two))

note("Why complete cases matter: psych::alpha uses pairwise covariances by default. On psych's bfi")
note("items A1-A5 (A1 reverse-keyed), 2800 rows of which some are incomplete:")
A <- psych::bfi[, c("A1", "A2", "A3", "A4", "A5")]
invisible(capture.output(pairwise_alpha <- suppressWarnings(suppressMessages(psych::alpha(A, keys = "A1")))))
invisible(capture.output(listwise_alpha <- suppressWarnings(suppressMessages(psych::alpha(A[complete.cases(A), ], keys = "A1")))))
note("  pairwise (psych default), n = ", nrow(A), ": raw_alpha ", fmt(pairwise_alpha$total$raw_alpha))
note("  complete cases, n = ", sum(complete.cases(A)), ": raw_alpha ", fmt(listwise_alpha$total$raw_alpha))

note("An item with no variance (everyone gave it 5): psych::alpha leaves it out with a warning and")
note("analyses the other items; rows (5,2,3,1) (5,3,4,2) (5,4,4,3) (5,1,2,1) (5,3,3,2) (5,2,3,2)")
constant_item <- data.frame(a = c(5, 5, 5, 5, 5, 5), b = c(2, 3, 4, 1, 3, 2), c = c(3, 4, 4, 2, 3, 3), e = c(1, 2, 3, 1, 2, 2))
report_alpha("constant_item", constant_item)
