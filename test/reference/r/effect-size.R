# Paired effect sizes: Cohen's d_z with its noncentral-t CI, Hedges' g_z with
# the exact small-sample correction J (test/lib/stats/effect-size.test.ts).
source("common.R")
suppressPackageStartupMessages(library(effectsize))
header("Effect sizes for paired data", "effectsize")

# Noncentrality limits for an observed t: P(T(df, ncp) <= t) = 1 - a/2 and a/2.
nct_ci <- function(t, df, conf = 0.95) {
  a <- (1 - conf) / 2
  f <- function(ncp, p) pt(t, df, ncp) - p
  lo <- uniroot(f, c(-50, 50), p = 1 - a, tol = 1e-14)$root
  hi <- uniroot(f, c(-50, 50), p = a, tol = 1e-14)$root
  c(lo, hi)
}
# Exact J(df) = gamma(df/2) / (sqrt(df/2) gamma((df - 1)/2)).
hedges_j <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))

note("Lakens movies, m1 - m2")
dd <- m1 - m2; n <- length(dd)
dz <- mean(dd) / sd(dd)
emit("lakens.dz", dz)
emit("lakens.dz_ci", nct_ci(dz * sqrt(n), n - 1) / sqrt(n))
emit("lakens.j", hedges_j(n - 1))
emit("lakens.gz", dz * hedges_j(n - 1))
emit("lakens.gz_ci", nct_ci(dz * sqrt(n), n - 1) / sqrt(n) * hedges_j(n - 1))
d <- cohens_d(m1, m2, paired = TRUE)
note("effectsize::cohens_d(m1, m2, paired = TRUE)")
emit("lakens.effectsize_d", d$Cohens_d)
emit("lakens.effectsize_d_ci", c(d$CI_low, d$CI_high))
g <- hedges_g(m1, m2, paired = TRUE)
note("effectsize::hedges_g(m1, m2, paired = TRUE)")
emit("lakens.effectsize_g", g$Hedges_g)
emit("lakens.effectsize_g_ci", c(g$CI_low, g$CI_high))

note("sleep, g2 - g1")
dd <- g2 - g1; n <- length(dd)
dz <- mean(dd) / sd(dd)
emit("sleep.dz", dz)
emit("sleep.dz_ci", nct_ci(dz * sqrt(n), n - 1) / sqrt(n))
d <- cohens_d(g2, g1, paired = TRUE)
note("effectsize::cohens_d(g2, g1, paired = TRUE)")
emit("sleep.effectsize_d", d$Cohens_d)
emit("sleep.effectsize_d_ci", c(d$CI_low, d$CI_high))

note("J(df) for other df")
emit("j_2", hedges_j(2))
emit("j_29", hedges_j(29))
emit("j_10000", hedges_j(10000))
