# Jacobson-Truax reliable change on the J&T (1991) DAS data, reliability 0.84
# (test/lib/stats/reliable-change.test.ts).
source("common.R")
header("Reliable change index")
rel <- 0.84
s1 <- sd(das_pre)
se <- s1 * sqrt(1 - rel)
sdiff <- sqrt(2 * se^2)
rci <- (das_post - das_pre) / sdiff
emit("das.sd_pre", s1)
emit("das.sem", se)
emit("das.s_diff", sdiff)
emit("das.minimum_reliable_change", 1.96 * sdiff)
emit("das.rci", rci)
note("higher is better: improved = rci > 1.96, deteriorated = rci < -1.96")
emit("das.improved", sum(rci > 1.96))
emit("das.unchanged", sum(abs(rci) <= 1.96))
emit("das.deteriorated", sum(rci < -1.96))
