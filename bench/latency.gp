# Latency percentiles per scenario from bench/run (gnuplot -e "datafile='...'; outfile='...'" bench/latency.gp).
set terminal pngcairo size 1400,700 font ",11"
set output outfile
set termoption noenhanced
set title "Latchkey and Keycloak endpoints: latency percentiles (ms, log scale; lower is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set yrange [0.1:*]
set ylabel "ms"
set xtics rotate by -30 nomirror
set key top left
set grid ytics
plot datafile using 2:xtic(1) title "p50", '' using 3 title "p90", '' using 4 title "p99", '' using 5 title "p99.9"
