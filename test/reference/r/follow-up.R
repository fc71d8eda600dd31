# Three timepoints and the retrospective pre-test (test/lib/stats/follow-up.test.ts):
# Friedman test, pairwise paired Wilcoxon tests with Holm's adjustment, paired
# t-tests involving the "then" rating, and Welch's t-test for attrition to
# follow-up. The data are generated here (set.seed) and printed first; the
# tests read them from this script's output.
source("common.R")
header("Follow-up designs: Friedman, pairwise Wilcoxon + Holm, then-test, attrition")

friedman <- function(name, M) {
  r <- friedman.test(M)
  complete <- M[complete.cases(M), , drop = FALSE]
  emit(paste0(name, ".statistic"), r$statistic)
  emit(paste0(name, ".df"), r$parameter)
  emit(paste0(name, ".p"), r$p.value)
  emit(paste0(name, ".n"), nrow(complete))
  emit(paste0(name, ".mean_ranks"), colMeans(t(apply(complete, 1, rank))))
}
# wilcox.test(M[, i], M[, j], paired = TRUE) for i < j on complete rows, then p.adjust(p, "holm").
pairwise <- function(name, M, ...) {
  M <- M[complete.cases(M), , drop = FALSE]
  pairs <- combn(ncol(M), 2)
  V <- p <- numeric(0)
  for (m in seq_len(ncol(pairs))) {
    r <- suppressWarnings(wilcox.test(M[, pairs[1, m]], M[, pairs[2, m]], paired = TRUE, ...))
    V <- c(V, r$statistic); p <- c(p, r$p.value)
  }
  note(name, ": pairs ", paste(pairs[1, ], pairs[2, ], sep = "-", collapse = ", "))
  emit(paste0(name, ".V"), V)
  emit(paste0(name, ".p"), p)
  emit(paste0(name, ".p_holm"), p.adjust(p, "holm"))
}
paired_t <- function(name, x, y) {
  r <- t.test(x, y, paired = TRUE)
  emit(paste0(name, ".t"), r$statistic)
  emit(paste0(name, ".df"), r$parameter)
  emit(paste0(name, ".p"), r$p.value)
  emit(paste0(name, ".ci"), r$conf.int)
}

note("Scale means of 5 items answered 1-5 (steps of 0.2) for 36 people: pre, post, follow-up")
note("(8 people without a follow-up record) and the retrospective 'then' rating given at post")
set.seed(20271)
n <- 36
scale_mean <- function(x) round(pmin(5, pmax(1, x)) * 5) / 5
person <- rnorm(n, 3, 0.6)
pre <- scale_mean(person + rnorm(n, 0, 0.3))
post <- scale_mean(person + 0.5 + rnorm(n, 0, 0.3))
follow_up <- scale_mean(person + 0.3 + rnorm(n, 0, 0.3))
then <- scale_mean(person - 0.2 + rnorm(n, 0, 0.3))
follow_up[sample(n, 8)] <- NA
emit("data.pre", pre)
emit("data.post", post)
emit("data.follow_up", follow_up)
emit("data.then", then)

note("friedman.test(cbind(pre, post, follow_up)): R drops rows with NA (complete.cases)")
scales <- cbind(pre, post, follow_up)
friedman("scales.friedman", scales)
pairwise("scales.pairwise", scales)
pairwise("scales.pairwise_digits_rank_7", scales, digits.rank = 7)

note("then-test: response shift t.test(then, pre, paired = TRUE); change t.test(post, then, paired = TRUE)")
paired_t("then_minus_pre", then, pre)
paired_t("post_minus_then", post, then)
note("attrition to follow-up: pre scores with vs without a follow-up record, Welch t.test(a, b)")
has <- !is.na(follow_up)
r <- t.test(pre[has], pre[!has])
emit("attrition.t", r$statistic)
emit("attrition.df", r$parameter)
emit("attrition.p", r$p.value)
emit("attrition.ci", r$conf.int)

note("Single Likert items (1-5) for 15 people at 3 timepoints: many ties within rows")
likert3 <- matrix(sample(1:5, 45, replace = TRUE, prob = c(0.1, 0.2, 0.3, 0.25, 0.15)), ncol = 3)
likert3[, 2] <- pmin(5, likert3[, 2] + sample(0:1, 15, replace = TRUE))
for (j in 1:3) emit(paste0("data.likert.t", j), likert3[, j])
friedman("likert.friedman", likert3)
pairwise("likert.pairwise", likert3)

note("Continuous scores for 15 people at 3 timepoints: no ties")
cont <- matrix(round(rnorm(45, rep(c(0, 0.5, 0.8), each = 15)), 6), ncol = 3)
for (j in 1:3) emit(paste0("data.continuous.t", j), cont[, j])
friedman("continuous.friedman", cont)
pairwise("continuous.pairwise", cont)

note("R's ?friedman.test example: RoundingTimes (Hollander & Wolfe 1973, p. 140), 22 x 3")
RoundingTimes <- matrix(c(5.40, 5.50, 5.55, 5.85, 5.70, 5.75, 5.20, 5.60, 5.50, 5.55, 5.50, 5.40, 5.90, 5.85, 5.70,
                          5.45, 5.55, 5.60, 5.40, 5.40, 5.35, 5.45, 5.50, 5.35, 5.25, 5.15, 5.00, 5.85, 5.80, 5.70,
                          5.25, 5.20, 5.10, 5.65, 5.55, 5.45, 5.60, 5.35, 5.45, 5.05, 5.00, 4.95, 5.50, 5.50, 5.40,
                          5.45, 5.55, 5.50, 5.55, 5.55, 5.35, 5.45, 5.50, 5.55, 5.50, 5.45, 5.25, 5.65, 5.60, 5.40,
                          5.70, 5.65, 5.55, 6.30, 6.30, 6.25),
                        nrow = 22, byrow = TRUE)
for (j in 1:3) emit(paste0("data.rounding_times.t", j), RoundingTimes[, j])
friedman("rounding_times.friedman", RoundingTimes)

note("Four timepoints, continuous, with two incomplete rows")
four <- matrix(round(rnorm(48, rep(c(0, 0.3, 0.6, 0.2), each = 12)), 6), ncol = 4)
four[3, 2] <- NA; four[9, 4] <- NA
for (j in 1:4) emit(paste0("data.four.t", j), four[, j])
friedman("four.friedman", four)
pairwise("four.pairwise", four)

note("Every row tied: the statistic is 0/0")
emit("all_tied.friedman.statistic", friedman.test(matrix(c(1, 1, 1, 2, 2, 2, 4, 4, 4), 3, byrow = TRUE))$statistic)
