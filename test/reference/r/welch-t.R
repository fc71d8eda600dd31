# Welch's two-sample t-test, t.test(x, y), used for attrition (completers vs
# people without a later record) by src/lib/analysis/welch-t.ts
# (test/lib/stats/welch-t.test.ts; test/lib/analysis/report.test.ts).
source("common.R")
header("Welch two-sample t-test")
welch_t <- function(name, x, y) {
  r <- t.test(x, y)
  emit(paste0(name, ".t"), r$statistic)
  emit(paste0(name, ".df"), r$parameter)
  emit(paste0(name, ".p"), r$p.value)
  emit(paste0(name, ".ci"), r$conf.int)
  emit(paste0(name, ".means"), r$estimate)
}
note("sleep: t.test(g1, g2), the same as t.test(extra ~ group, data = sleep)")
welch_t("sleep", g1, g2)
note("Lakens movies as independent groups: t.test(m1, m2)")
welch_t("lakens", m1, m2)
