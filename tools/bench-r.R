# What an evaluator would do in R with a long CSV of results (participant,timepoint,item,value,cohort,module,
# instrument,instrument_version): read it, score the scales, match pre to post and test the change. `npm run
# bench` times this beside the CLI on the same file (when Rscript is installed) and prints the ratio.
#
#   Rscript tools/bench-r.R FILE.csv
#
# Reads with data.table::fread (the fastest common reader) when installed, else read.csv. Scores by the
# report's rules (src/lib/analysis/rules.ts): reversed items keyed min + max - x, prorated mean when at least
# ceil(share * k) items are answered. Then, as the report does: per scale over the matched pairs the paired
# t-test, Wilcoxon signed-rank test, d_z and Cronbach's alpha (psych::alpha) before and after; per item the
# paired Wilcoxon test with Holm's adjustment; the attitude gap (first comparison) as a paired t-test.
# Prints one line per scale and a summary, so the output can be checked by eye against the report.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript tools/bench-r.R FILE.csv")
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
root <- normalizePath(file.path(dirname(script), ".."))
suppressPackageStartupMessages({
  library(psych)
  library(yaml)
})

# ---- Read ----
long <- if (requireNamespace("data.table", quietly = TRUE)) {
  as.data.frame(data.table::fread(args[1], colClasses = "character", na.strings = ""))
} else {
  read.csv(args[1], colClasses = "character", na.strings = "")
}
inst <- read_yaml(file.path(root, "content/instruments", paste0(long$instrument[1], "-", long$instrument_version[1], ".yaml")))
answers <- long[!startsWith(long$item, "demo:"), ]

# ---- One row per participant and timepoint, one column per item ----
item_ids <- vapply(inst$items, function(i) i$id, "")
key <- paste(answers$participant, answers$timepoint, sep = "\r")
rows <- unique(key)
wide <- matrix(NA_real_, length(rows), length(item_ids), dimnames = list(NULL, item_ids))
wide[cbind(match(key, rows), match(answers$item, item_ids))] <- suppressWarnings(as.numeric(answers$value))
row_participant <- sub("\r.*$", "", rows)
row_timepoint <- sub("^.*\r", "", rows)

# ---- Keyed items and scale scores ----
scale_points <- lapply(inst$responseScales, function(s) vapply(s$points, function(p) p$value, 0))
names(scale_points) <- vapply(inst$responseScales, function(s) s$id, "")
keyed <- wide
for (item in inst$items) {
  pts <- scale_points[[item$responseScale]]
  v <- wide[, item$id]
  v[!v %in% pts] <- NA # "not familiar" and other codes off the scale
  if (isTRUE(item$reverse)) v <- min(pts) + max(pts) - v
  keyed[, item$id] <- v
}
scores <- sapply(inst$scales, function(s) {
  k <- keyed[, unlist(s$items), drop = FALSE]
  need <- ceiling(round(s$scoring$minAnsweredShare * ncol(k), 9))
  ifelse(rowSums(!is.na(k)) >= need, rowMeans(k, na.rm = TRUE), NA)
})
colnames(scores) <- vapply(inst$scales, function(s) s$id, "")

# ---- Pre and post matched by participant ----
pre <- which(row_timepoint == "pre")
post <- which(row_timepoint == "post")
pairs <- intersect(row_participant[pre], row_participant[post])
pre <- pre[match(pairs, row_participant[pre])]
post <- post[match(pairs, row_participant[post])]
cat(sprintf("%d rows read, %d records, %d matched pairs\n", nrow(long), length(rows), length(pairs)))

# ---- Tests ----
for (s in inst$scales) {
  x <- scores[post, s$id]
  y <- scores[pre, s$id]
  ok <- !is.na(x) & !is.na(y)
  tt <- t.test(x[ok], y[ok], paired = TRUE)
  w <- suppressWarnings(wilcox.test(x[ok], y[ok], paired = TRUE, digits.rank = 7))
  d <- x[ok] - y[ok]
  a_pre <- suppressWarnings(psych::alpha(keyed[pre, unlist(s$items)], check.keys = FALSE, warnings = FALSE))$total$raw_alpha
  a_post <- suppressWarnings(psych::alpha(keyed[post, unlist(s$items)], check.keys = FALSE, warnings = FALSE))$total$raw_alpha
  cat(sprintf("%-22s n %d  t %.3f  p %.3g  V %.1f  p %.3g  d_z %.3f  alpha %.3f / %.3f\n", s$id, sum(ok), tt$statistic, tt$p.value, w$statistic, w$p.value, mean(d) / sd(d), a_pre, a_post))
}
item_p <- sapply(item_ids, function(id) {
  x <- wide[post, id]
  y <- wide[pre, id]
  ok <- !is.na(x) & !is.na(y)
  suppressWarnings(wilcox.test(x[ok], y[ok], paired = TRUE, digits.rank = 7))$p.value
})
cat(sprintf("items: %d Wilcoxon tests, %d with Holm-adjusted p < .05\n", length(item_p), sum(p.adjust(item_p, "holm") < 0.05, na.rm = TRUE)))
for (cmp in inst$comparisons) {
  gap <- scores[, cmp$minuend] - scores[, cmp$subtrahend]
  tt <- t.test(gap[post], gap[pre], paired = TRUE)
  cat(sprintf("%s: t %.3f, p %.3g\n", cmp$id, tt$statistic, tt$p.value))
}
