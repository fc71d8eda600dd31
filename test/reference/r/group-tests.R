# Several independent groups: Welch's one-way ANOVA and Kruskal-Wallis
# (test/lib/stats/group-tests.test.ts).
source("common.R")
header("Welch one-way ANOVA and Kruskal-Wallis")
welch <- function(name, groups) {
  y <- unlist(groups); g <- factor(rep(seq_along(groups), lengths(groups)))
  r <- oneway.test(y ~ g)
  emit(paste0(name, ".F"), r$statistic)
  emit(paste0(name, ".df"), r$parameter)
  emit(paste0(name, ".p"), r$p.value)
}
kruskal <- function(name, groups) {
  r <- kruskal.test(groups)
  emit(paste0(name, ".H"), r$statistic)
  emit(paste0(name, ".df"), r$parameter)
  emit(paste0(name, ".p"), r$p.value)
}
plant <- split(PlantGrowth$weight, PlantGrowth$group)

note("oneway.test(weight ~ group, PlantGrowth)")
welch("welch.plant_growth", plant)
note("UsingR problem 11.12 wear data")
welch("welch.wear", list(c(303, 293, 296, 299, 298), c(322, 326, 315, 318, 320, 320), c(309, 327, 317, 315)))
note("two groups: oneway.test(extra ~ group, sleep) equals the Welch t-test")
welch("welch.sleep", list(g1, g2))

note("kruskal.test, R's ?kruskal.test Hollander & Wolfe example")
kruskal("kruskal.hw", list(hwk_normal, hwk_obstructive, hwk_asbestosis))
note("kruskal.test(Ozone ~ Month, airquality) (NA dropped)")
kruskal("kruskal.airquality", split(airquality$Ozone, airquality$Month))
emit("kruskal.airquality.n", sum(!is.na(airquality$Ozone)))
emit("airquality.mean_ozone", mean(airquality$Ozone, na.rm = TRUE))
note("kruskal.test(weight ~ group, PlantGrowth)")
kruskal("kruskal.plant_growth", plant)
note("tutorial data with ties (fertilizer; plant height)")
kruskal("kruskal.fertilizer", list(c(6, 8, 4, 5, 3, 4), c(8, 12, 9, 11, 6, 8), c(13, 9, 11, 8, 7, 12)))
kruskal("kruskal.height", list(c(7, 14, 14, 13, 12, 9, 6, 14, 12, 8), c(15, 17, 13, 15, 15, 13, 9, 12, 10, 8),
                               c(6, 8, 8, 9, 5, 14, 13, 8, 10, 9)))
note("two groups with ties")
kruskal("kruskal.two_groups", list(c(1, 2, 2, 3, 5, 8), c(2, 3, 4, 4, 6, 9, 9)))
