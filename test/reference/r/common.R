# Shared by every script here (sourced, prints nothing): the output format and
# the data sets. Run the scripts from this directory, e.g. via run.sh.
#
# Output format, read by test/lib/stats/r-reference.ts:
#   # comment            ignored by the tests (R version, package versions, notes)
#   name = v1 v2 ...     one reference value or vector; each number is printed
#                        with the fewest digits (15 to 17) that read back as the
#                        same double, so nothing is lost; NA and NaN are both
#                        read as NaN.
options(warn = 1)

fmt1 <- function(x) {
  if (is.na(x)) return(if (is.nan(x)) "NaN" else "NA")
  for (digits in 15:16) {
    s <- sprintf("%.*g", digits, x)
    if (as.numeric(s) == x) return(s)
  }
  sprintf("%.17g", x)
}
fmt <- function(x) vapply(as.numeric(unname(x)), fmt1, "")
emit <- function(name, x) cat(name, " = ", paste(fmt(x), collapse = " "), "\n", sep = "")
note <- function(...) cat("# ", ..., "\n", sep = "")
header <- function(title, packages = character()) {
  note(title)
  note(R.version.string)
  for (p in packages) note(p, " ", format(packageVersion(p)))
}

# ---- Data sets (mirrored by test/lib/stats/fixtures.ts; fixtures.R prints them) ----

# Student's sleep data, R datasets::sleep: extra hours of sleep, group 1 vs group 2.
g1 <- sleep$extra[sleep$group == 1]
g2 <- sleep$extra[sleep$group == 2]

# Hollander & Wolfe (1973) depression data, from R's ?wilcox.test example.
hw_x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
hw_y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)

# Constructed Likert example: ties, no zero differences.
likert_pre <- c(3, 2, 3, 4, 2, 3, 1, 4, 5, 2, 3, 3)
likert_post <- c(4, 3, 5, 3, 3, 5, 4, 5, 3, 3, 4, 5)

# SciPy's TestWilcoxon vectors (scipy/stats/tests/test_morestats.py).
scipy12_x <- c(120, 114, 181, 188, 180, 146, 121, 191, 132, 113, 127, 112)
scipy12_y <- c(133, 143, 119, 189, 112, 199, 198, 113, 115, 121, 142, 187)
scipy_tz_x <- c(125, 115, 130, 140, 140, 115, 140, 125, 140, 135)
scipy_tz_y <- c(110, 122, 125, 120, 140, 124, 123, 137, 135, 145)
scipy_exact_x <- c(1.81, 0.82, 1.56, -0.48, 0.81, 1.28, -1.04, 0.23, -0.75, 0.14)
scipy_exact_y <- c(0.71, 0.65, -0.2, 0.85, -1.1, -0.45, -0.84, -0.24, -0.68, -0.76)

# 50 values without ties or zeros: the n < 50 boundary of the exact Wilcoxon test.
set.seed(1)
n50 <- round(rnorm(50, 0.3), 6)

# Lakens (2013) movie ratings (within-subjects example; from the dgromer/apa tests).
m1 <- c(9, 7, 8, 9, 8, 9, 9, 10, 9, 9)
m2 <- c(9, 6, 7, 8, 7, 9, 8, 8, 8, 7)

# Jacobson & Truax (1991) table 2 DAS data (as transcribed in AWKruijt/JT-RCI).
das_pre <- c(90.5, 74, 97, 73.5, 61, 66.5, 68.5, 86.5, 88.5, 68.5, 98, 80.5, 89.5, 91.5, 83.5, 60.5, 83, 88,
             98.5, 78.5, 99.5, 79.5, 84.5, 92.5, 93, 85, 64, 61, 80, 82.5)
das_post <- c(97, 124, 97.5, 88, 96.5, 62.5, 112.5, 103.5, 90, 82.5, 105, 99.5, 112.5, 101, 99.5, 79.5, 88,
              100.5, 119, 116, 116, 129, 113, 118, 92, 114, 68, 52, 60.5, 104.5)

# R's ?kruskal.test example (Hollander & Wolfe 1973, p. 116).
hwk_normal <- c(2.9, 3.0, 2.5, 2.6, 3.2)
hwk_obstructive <- c(3.8, 2.7, 4.0, 2.4)
hwk_asbestosis <- c(2.8, 3.4, 3.7, 2.2, 2.0)

# Benjamini & Hochberg (1995) 15 p-values.
bh15 <- c(0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719,
          0.6528, 0.7590, 1.000)
