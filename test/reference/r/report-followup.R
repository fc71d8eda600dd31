# The report's sections on follow-up, then-test, attrition to follow-up, knowledge and "not familiar"
# (test/lib/analysis/report-followup.test.ts), computed in R from the raw records of the test's fixture:
# test/fixtures/analysis/report-followup/*.csv, written by test/fixtures/analysis/report-followup.ts from
# the same records the test imports. Scoring, pairing and attachment are done here again, by the rules
# the report states (src/lib/analysis/rules.ts), and every statistic by the R call R_EQUIVALENTS names.
#
# Each name is a path into the report: "scales.twelve.followUp.tTest.p" is
# report.scales[id = twelve].followUp.tTest.p; array elements are named by their id, scale, module,
# target or objective, pairwise comparisons by "first-second". The test reads every number of these
# sections from analyze()'s output and pairs it with the value here (NA = the report's null).
#   <path>@effectsize  effectsize::cohens_d's own confidence limit (its root search stops early; checked
#                      at 1e-6); <path> itself is the exact noncentral-t limit (pt + uniroot, tol 1e-14)
#   r_na.<path>        what R's own function gives where the report defines a value R does not compute
source("common.R")
suppressPackageStartupMessages(library(effectsize))
header("Report: follow-up, Friedman + pairwise Wilcoxon (Holm), then-test, attrition to follow-up, knowledge, not familiar", "effectsize")

dir <- "../../fixtures/analysis/report-followup"
rd <- function(f) read.csv(file.path(dir, f), colClasses = "character", na.strings = character(0), check.names = FALSE)
rec <- rd("records.csv")
items <- rd("items.csv")
scales <- rd("scales.csv")
kq <- rd("knowledge.csv")
rec$seq <- as.integer(rec$seq)
stopifnot(all(rec$cohort == ""))
note("records.csv: ", nrow(rec), " records; in each answer cell \"\" = not asked, \"null\" = asked, not answered")

num <- function(x) suppressWarnings(as.numeric(ifelse(x %in% c("", "null"), NA, x)))
codes <- function(x) { v <- suppressWarnings(as.numeric(strsplit(x, " ")[[1]])); v[!is.na(v)] }
path <- function(...) paste(c(...), collapse = ".")
na_on_error <- function(expr) tryCatch(expr, error = function(e) NULL)
or_na <- function(x) if (is.null(x) || length(x) == 0) NA else x

# ---- Scale scores (R_EQUIVALENTS "scale score") ----
note("scale score: ifelse(rowSums(!is.na(keyed)) >= ceiling(share * k), rowMeans(keyed, na.rm = TRUE), NA);")
note("keyed = min + max - x for reversed items, after setting 8 (not familiar) and 9 (no opportunity) to NA")
score <- function(R, sc) {
  ids <- strsplit(sc$items, " ")[[1]]
  keyed <- matrix(sapply(ids, function(id) {
    it <- items[items$id == id, ]
    v <- num(R[[paste0("i.", id)]])
    v[v %in% c(codes(it$not_familiar), codes(it$no_opportunity))] <- NA
    if (it$reverse == "TRUE") v <- as.numeric(it$min) + as.numeric(it$max) - v
    v
  }), nrow = nrow(R))
  need <- ceiling(round(as.numeric(sc$share) * length(ids), 9))
  ifelse(rowSums(!is.na(keyed)) >= need, rowMeans(keyed, na.rm = TRUE), NA)
}

# ---- People: pre and post records (no duplicates here); then/follow-up attached by code ----
item_cols <- grep("^i\\.", names(rec), value = TRUE)
rec$asks <- apply(rec[item_cols] != "", 1, any)
Q <- rec[rec$asks, ]
stopifnot(length(unique(Q$module)) == 1)
for (s in scales$id) Q[[paste0("s.", s)]] <- score(Q, scales[scales$id == s, ])
pre <- Q[Q$timepoint == "pre", ]
post <- Q[Q$timepoint == "post", ]
stopifnot(!anyDuplicated(pre$participant), !anyDuplicated(post$participant))
people <- unique(c(pre$participant, post$participant))
matched <- intersect(pre$participant, post$participant)
note("attachment: a then/follow-up record belongs to the person with a pre or post record of the same code;")
note("of several, the latest completed (then the one read later)")
latest <- function(R) {
  R <- R[order(R$completedAt, R$seq), ]
  R[!duplicated(R$participant, fromLast = TRUE), ]
}
then <- latest(Q[Q$timepoint == "then" & Q$participant %in% people, ])
fu <- latest(Q[Q$timepoint == "followup" & Q$participant %in% people, ])
sc_of <- function(R, who, s) R[[paste0("s.", s)]][match(who, R$participant)]

emit("sampleFlow.followup", sum(rec$timepoint == "followup"))
emit("sampleFlow.matchedFollowUp", sum(pre$participant %in% fu$participant))
emit("sampleFlow.allThree", sum(matched %in% fu$participant))
emit("sampleFlow.then", sum(rec$timepoint == "then"))
emit("sampleFlow.knowledgeOnly", sum(!rec$asks))
extra <- Q[Q$timepoint %in% c("then", "followup"), ]
note("then/follow-up records not used: with no pre or post record of the code (unattached), or superseded by a later one")
emit("sampleFlow.excluded.unattached", sum(!extra$participant %in% people))
emit("sampleFlow.excluded.superseded", sum(extra$participant %in% people & !extra$seq %in% c(then$seq, fu$seq)))

# ---- Paired tests ----
nct_ci <- function(t, df, conf = 0.95) {
  a <- (1 - conf) / 2
  f <- function(ncp, p) pt(t, df, ncp) - p
  c(uniroot(f, c(-50, 50), p = 1 - a, tol = 1e-14)$root, uniroot(f, c(-50, 50), p = a, tol = 1e-14)$root)
}
# On its way to the root, pt(t, df, ncp) sometimes warns "full precision may not have been achieved in
# 'pnt{final}'" (suppressed below); the limits found agree with src/lib/stats/noncentral-t.ts to ~1e-15.
hedges_j <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))

# t.test(later, earlier, paired = TRUE) on complete pairs: n, mean and SD of the differences, CI, t, df, p.
t_part <- function(prefix, later, earlier) {
  ok <- !is.na(later) & !is.na(earlier)
  x <- later[ok]; y <- earlier[ok]; d <- x - y; n <- length(d)
  tt <- na_on_error(t.test(x, y, paired = TRUE))
  emit(path(prefix, "n"), n)
  emit(path(prefix, "difference.mean"), if (n >= 1) mean(d) else NA)
  emit(path(prefix, "difference.sd"), if (n >= 2) sd(d) else NA)
  emit(path(prefix, "difference.ciLow"), or_na(tt$conf.int[1]))
  emit(path(prefix, "difference.ciHigh"), or_na(tt$conf.int[2]))
  emit(path(prefix, "tTest.t"), or_na(tt$statistic))
  emit(path(prefix, "tTest.df"), or_na(tt$parameter))
  emit(path(prefix, "tTest.p"), or_na(tt$p.value))
  list(x = x, y = y, d = d, n = n)
}
# wilcox.test(x, y, paired = TRUE, digits.rank = 7); notes when R's default digits.rank = Inf differs
# (differences of prorated means carry floating-point noise that breaks ties).
wilcox7 <- function(prefix, x, y) {
  w <- na_on_error(suppressWarnings(wilcox.test(x, y, paired = TRUE, digits.rank = 7)))
  w0 <- na_on_error(suppressWarnings(wilcox.test(x, y, paired = TRUE)))
  if (!is.null(w) && !identical(c(w$statistic, w$p.value), c(w0$statistic, w0$p.value))) {
    note(prefix, ": with the default digits.rank = Inf, V = ", fmt(w0$statistic), ", p = ", fmt(w0$p.value))
  }
  w
}
# ... plus wilcox7 and d_z, its CI and g_z.
paired_block <- function(prefix, later, earlier) {
  r <- t_part(prefix, later, earlier)
  w <- wilcox7(prefix, r$x, r$y)
  emit(path(prefix, "wilcoxon.V"), or_na(w$statistic))
  emit(path(prefix, "wilcoxon.p"), or_na(w$p.value))
  emit(path(prefix, "wilcoxon.zeros"), sum(r$d == 0))
  emit(path(prefix, "wilcoxon.n"), sum(r$d != 0))
  dz <- if (r$n >= 2) mean(r$d) / sd(r$d) else NA
  if (!is.finite(dz)) dz <- NA
  ci <- if (is.na(dz)) c(NA, NA) else suppressWarnings(nct_ci(dz * sqrt(r$n), r$n - 1) / sqrt(r$n))
  emit(path(prefix, "effectSize.dz"), dz)
  emit(path(prefix, "effectSize.dzCiLow"), ci[1])
  emit(path(prefix, "effectSize.dzCiHigh"), ci[2])
  emit(path(prefix, "effectSize.gz"), dz * hedges_j(r$n - 1))
  if (!is.na(dz)) {
    es <- suppressWarnings(cohens_d(r$x, r$y, paired = TRUE))  # (it warns when y has 2 distinct values)
    stopifnot(abs(es$Cohens_d - dz) < 1e-12)
    emit(paste0(path(prefix, "effectSize.dzCiLow"), "@effectsize"), es$CI_low)
    emit(paste0(path(prefix, "effectSize.dzCiHigh"), "@effectsize"), es$CI_high)
  }
  r
}

# ---- Per scale: follow-up − pre, Friedman, then-test ----
for (s in scales$id) {
  prefix <- path("scales", s)
  note(s, ": follow-up - pre on everyone with both: t.test(followup, pre, paired = TRUE), wilcox.test(..., digits.rank = 7), cohens_d")
  both <- pre$participant[pre$participant %in% fu$participant]
  paired_block(path(prefix, "followUp"), sc_of(fu, both, s), sc_of(pre, both, s))

  note(s, ": friedman.test(M), M = cbind(pre, post, followup) of the matched pairs with a follow-up (R drops incomplete rows)")
  who <- matched[matched %in% fu$participant]
  M <- cbind(pre = sc_of(pre, who, s), post = sc_of(post, who, s), followup = sc_of(fu, who, s))
  Mc <- M[complete.cases(M), , drop = FALSE]
  f <- na_on_error(friedman.test(M))
  if (is.null(f)) note(s, ": friedman.test stops (", nrow(Mc), " complete rows); df reported as k - 1")
  emit(path(prefix, "friedman.n"), nrow(Mc))
  emit(path(prefix, "friedman.statistic"), or_na(f$statistic))
  emit(path(prefix, "friedman.df"), if (is.null(f)) ncol(M) - 1 else f$parameter)
  emit(path(prefix, "friedman.p"), or_na(f$p.value))
  note(s, ": wilcox.test(Mc[, i], Mc[, j], paired = TRUE, digits.rank = 7) for 1-2, 1-3, 2-3; p.adjust(p, \"holm\")")
  pw <- lapply(list(c(1, 2), c(1, 3), c(2, 3)), function(ij) {
    name <- paste(colnames(M)[ij], collapse = "-")
    w <- wilcox7(path(prefix, "friedman.pairwise", name), Mc[, ij[1]], Mc[, ij[2]])
    list(name = name, V = or_na(w$statistic), p = or_na(w$p.value))
  })
  holm <- p.adjust(sapply(pw, `[[`, "p"), "holm")
  for (m in seq_along(pw)) {
    emit(path(prefix, "friedman.pairwise", pw[[m]]$name, "V"), pw[[m]]$V)
    emit(path(prefix, "friedman.pairwise", pw[[m]]$name, "p"), pw[[m]]$p)
    emit(path(prefix, "friedman.pairwise", pw[[m]]$name, "pHolm"), holm[m])
  }

  note(s, ": then-test on everyone with a then record: t.test(then, pre, paired = TRUE); t.test(post, then, paired = TRUE)")
  t_part(path(prefix, "thenTest.responseShift"), sc_of(then, then$participant, s), sc_of(pre, then$participant, s))
  t_part(path(prefix, "thenTest.thenToPost"), sc_of(post, then$participant, s), sc_of(then, then$participant, s))
}

# ---- Attrition to follow-up ----
note("attrition to follow-up: pre scores of people with a follow-up vs without, t.test(a, b) (Welch);")
note("a group under 5 is suppressed (n not given, mean and SD NA) and not tested (welch = NA)")
for (s in scales$id) {
  prefix <- path("attritionFollowUp", s)
  stay <- pre$participant %in% fu$participant
  a <- pre[[paste0("s.", s)]][stay]; a <- a[!is.na(a)]
  b <- pre[[paste0("s.", s)]][!stay]; b <- b[!is.na(b)]
  group <- function(name, xs) {
    shown <- length(xs) >= 5
    if (shown) emit(path(prefix, name, "n"), length(xs))
    emit(path(prefix, name, "mean"), if (shown) mean(xs) else NA)
    emit(path(prefix, name, "sd"), if (shown) sd(xs) else NA)
  }
  group("completers", a)
  group("preOnly", b)
  if (length(a) >= 5 && length(b) >= 5) {
    w <- t.test(a, b)
    emit(path(prefix, "welch.t"), w$statistic)
    emit(path(prefix, "welch.df"), w$parameter)
    emit(path(prefix, "welch.p"), w$p.value)
    emit(path(prefix, "welch.difference"), w$estimate[1] - w$estimate[2])
    emit(path(prefix, "welch.ciLow"), w$conf.int[1])
    emit(path(prefix, "welch.ciHigh"), w$conf.int[2])
  } else {
    note(s, ": not tested (", length(a), " vs ", length(b), " people)")
    emit(path(prefix, "welch"), NA)
  }
}

# ---- McNemar (R_EQUIVALENTS: binom.test(b, b + c, 0.5) if b + c < 25, else mcnemar.test(table(pre, post))) ----
mcnemar_block <- function(prefix, before, after) {
  b <- sum(before & !after); c <- sum(!before & after)
  tab <- table(factor(before, c(TRUE, FALSE)), factor(after, c(TRUE, FALSE)))
  emit(path(prefix, "mcnemar.b"), b)
  emit(path(prefix, "mcnemar.c"), c)
  if (b + c == 0) {
    note(prefix, ": b = c = 0: the report defines p = 1 (nobody changed); R's mcnemar.test gives NaN, binom.test(0, 0) stops")
    emit(path(prefix, "mcnemar.statistic"), NA)
    emit(path(prefix, "mcnemar.df"), NA)
    emit(path(prefix, "mcnemar.p"), 1)
    emit(paste0("r_na.", path(prefix, "mcnemar.p")), suppressWarnings(mcnemar.test(tab)$p.value))
  } else if (b + c < 25) {
    note(prefix, ": binom.test(", b, ", ", b + c, ", 0.5)")
    emit(path(prefix, "mcnemar.statistic"), NA)
    emit(path(prefix, "mcnemar.df"), NA)
    emit(path(prefix, "mcnemar.p"), binom.test(b, b + c, 0.5)$p.value)
  } else {
    m <- mcnemar.test(tab)
    note(prefix, ": mcnemar.test(table(pre, post)), b = ", b, ", c = ", c, ": ", m$method)
    emit(path(prefix, "mcnemar.statistic"), m$statistic)
    emit(path(prefix, "mcnemar.df"), m$parameter)
    emit(path(prefix, "mcnemar.p"), m$p.value)
  }
}

# ---- Knowledge ----
note("knowledge: per bank, pre and post records answering any of its questions; another fingerprint is counted")
note("(otherVersion), not scored; the latest record per person (code, unit, cohort) and timepoint; % correct =")
note("100 * correct / questions (unanswered = not correct); paired tests of post_pct vs pre_pct")
for (m in unique(kq$module)) {
  qs <- kq[kq$module == m, ]
  prefix <- path("knowledge", m)
  cols <- paste0("k.", qs$question)
  R <- rec[rec$timepoint %in% c("pre", "post"), ]
  R <- R[apply(R[cols] != "", 1, any), ]
  other <- R[[paste0("h.", m)]] != qs$hash[1]
  emit(path(prefix, "otherVersion"), sum(other))
  R <- R[!other, ]
  R$key <- paste(R$participant, R$module, R$cohort, sep = "|")
  R <- R[order(R$completedAt, R$seq), ]
  R <- R[!duplicated(paste(R$key, R$timepoint), fromLast = TRUE), ]
  keys <- intersect(R$key[R$timepoint == "pre"], R$key[R$timepoint == "post"])
  correct_at <- function(tp) {
    X <- R[R$timepoint == tp, ][match(keys, R$key[R$timepoint == tp]), ]
    C <- sapply(seq_len(nrow(qs)), function(j) { v <- num(X[[cols[j]]]); !is.na(v) & v == as.numeric(qs$correct[j]) })
    matrix(C, nrow = length(keys))
  }
  before <- correct_at("pre"); after <- correct_at("post")
  pct <- function(C, j) 100 * rowSums(C[, j, drop = FALSE]) / length(j)
  knowledge_block <- function(prefix, j) {
    a <- pct(before, j); b <- pct(after, j)
    emit(path(prefix, "pre.mean"), mean(a)); emit(path(prefix, "pre.sd"), sd(a))
    emit(path(prefix, "post.mean"), mean(b)); emit(path(prefix, "post.sd"), sd(b))
    paired_block(prefix, b, a)
  }
  note(m, ": ", length(keys), " people with both; ", nrow(qs), " questions")
  emit(path(prefix, "questions"), nrow(qs))
  knowledge_block(prefix, seq_len(nrow(qs)))
  for (o in sort(unique(as.numeric(qs$objective)))) {
    emit(path(prefix, "objectives", o, "objective"), o)
    knowledge_block(path(prefix, "objectives", o), which(as.numeric(qs$objective) == o))
  }
  for (j in seq_len(nrow(qs))) {
    qp <- path(prefix, "items", qs$question[j])
    emit(path(qp, "objective"), as.numeric(qs$objective[j]))
    emit(path(qp, "n"), length(keys))
    emit(path(qp, "correctPre"), sum(before[, j]))
    emit(path(qp, "correctPost"), sum(after[, j]))
    mcnemar_block(qp, before[, j], after[, j])
  }
}

# ---- "Not familiar" per kind of group ----
note("not familiar: per matched pair and target, any attitude item of that target answered 8 before / after")
note("(pairs asked at least one such item at both); share = not-familiar answers / answers given (null = no answer)")
att <- items[items$construct == "attitude" & items$not_familiar != "", ]
for (t in unique(att$target)) {
  prefix <- path("familiarity", t)
  ids <- att$id[att$target == t]
  nf_codes <- codes(att$not_familiar[att$target == t][1])
  side <- function(R) {
    X <- R[match(matched, R$participant), paste0("i.", ids), drop = FALSE]
    list(asked = rowSums(X != ""), answered = rowSums(X != "" & X != "null"),
         nf = rowSums(sapply(X, function(v) num(v) %in% nf_codes)))
  }
  A <- side(pre); B <- side(post)
  use <- A$asked > 0 & B$asked > 0
  emit(path(prefix, "n"), sum(use))
  emit(path(prefix, "pre.people"), sum(A$nf[use] > 0))
  emit(path(prefix, "pre.share"), sum(A$nf[use]) / sum(A$answered[use]))
  emit(path(prefix, "post.people"), sum(B$nf[use] > 0))
  emit(path(prefix, "post.share"), sum(B$nf[use]) / sum(B$answered[use]))
  mcnemar_block(prefix, A$nf[use] > 0, B$nf[use] > 0)
}
