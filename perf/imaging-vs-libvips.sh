#!/usr/bin/env bash
# Meridian's rendition pipeline side by side with libvips' vipsthumbnail, on the same machine in one run:
# the same batch of renditions (large.jpg, 2 MP, to 500 px wide, quality 80, progressive, metadata
# stripped) on both cores each, ROUNDS times. Prints images/s (median), peak memory, output bytes, the
# PSNR of each output against libvips' Lanczos3 reference (lossless PNG), and the ratio Meridian/libvips.
#
#   perf/imaging-vs-libvips.sh            (env: COUNT=200 ROUNDS=3 WIDTH=500 QUALITY=80 THREADS=nproc)
#
# Meridian runs as one JVM with a pool of THREADS render threads, timed after a JIT warm-up (a server's
# steady state); its whole-process time including JVM start-up and warm-up is printed too. libvips runs
# as THREADS vipsthumbnail processes, each given its share of the files (VIPS_CONCURRENCY=1), timed whole.
# Each round also runs Meridian with libjpeg-turbo's shrink-on-load off (ImageIO decodes at full size),
# to show what that decode path gains; the libjpeg-turbo run prints how many images it decoded.
# The machine is shared with other work: figures are noisy; the ratio within one run is what counts.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-200}
ROUNDS=${ROUNDS:-3}
WIDTH=${WIDTH:-500}
QUALITY=${QUALITY:-80}
THREADS=${THREADS:-$(nproc)}
testdata=${MERIDIAN_TESTDATA:-$(cd .. && pwd)/shared/testdata}
source_jpg="$testdata/images/large.jpg"
[ -r "$source_jpg" ] || { echo "no $source_jpg (set MERIDIAN_TESTDATA)" >&2; exit 1; }

if ! command -v vipsthumbnail >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libvips-tools
fi
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }

# One invocation, so the classpath names this tree's freshly packaged modules, not ~/.m2 copies.
./mvnw -q -B -pl perf -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="perf/target/classes:$(cat perf/target/classpath.txt)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/vips"
for i in $(seq -w 1 "$COUNT"); do ln -s "$source_jpg" "$work/in/img-$i.jpg"; done
vipsthumbnail "$source_jpg" -s "${WIDTH}x" -o "$work/reference.png"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

meridian_rates=(); meridian_cold=(); meridian_rss=(); imageio_rates=(); vips_rates=(); vips_rss=()
for round in $(seq 1 "$ROUNDS"); do
  # Meridian with its decode at full size through ImageIO (libjpeg-turbo only encodes): what shrink-on-load gains.
  java -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.meridian.perf.imaging.RenditionBatch \
    "$source_jpg" "$COUNT" "$THREADS" "$WIDTH" "$QUALITY" "$work/meridian-imageio.jpg" imageio > "$work/imageio.out"
  imageio_rates+=("$(sed -n 's/^meridian_images_per_second=//p' "$work/imageio.out")")

  # Meridian: one JVM, THREADS render threads.
  /usr/bin/time -f "%M %e" -o "$work/time-meridian" \
    java -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.meridian.perf.imaging.RenditionBatch \
      "$source_jpg" "$COUNT" "$THREADS" "$WIDTH" "$QUALITY" "$work/meridian.jpg" > "$work/meridian.out"
  rate=$(sed -n 's/^meridian_images_per_second=//p' "$work/meridian.out")
  meridian_bytes=$(sed -n 's/^meridian_bytes_per_image=//p' "$work/meridian.out")
  read -r rss wall < "$work/time-meridian"
  meridian_rates+=("$rate"); meridian_rss+=("$rss")
  meridian_cold+=("$(awk -v n="$COUNT" -v w="$wall" 'BEGIN {printf "%.2f", n / w}')")

  # libvips: THREADS processes, each with its share of the files.
  rm -f "$work"/vips/*
  ls "$work"/in/*.jpg | split -n "r/$THREADS" - "$work/list-"
  start=$(date +%s.%N)
  pids=()
  n=0
  for list in "$work"/list-*; do
    n=$((n + 1))
    VIPS_CONCURRENCY=1 /usr/bin/time -f "%M" -o "$work/time-vips-$n" \
      xargs -a "$list" vipsthumbnail -s "${WIDTH}x" -o "$work/vips/%s.jpg[Q=$QUALITY,interlace,strip]" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  end=$(date +%s.%N)
  vips_rates+=("$(awk -v n="$COUNT" -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", n / (e - s)}')")
  vips_rss+=("$(cat "$work"/time-vips-* | awk '{s += $1} END {print s}')")
  rm -f "$work"/list-* "$work"/time-vips-*
  echo "round $round: meridian ${meridian_rates[-1]} images/s (whole process ${meridian_cold[-1]}; libjpeg-turbo decodes: $(sed -n 's/^meridian_libjpeg_turbo_decodes=//p' "$work/meridian.out")), meridian with ImageIO decode ${imageio_rates[-1]}, libvips ${vips_rates[-1]} images/s"
done

# A glob, not ls | head: head leaving early can kill ls with SIGPIPE, which pipefail turns into a silent exit.
vips_files=("$work"/vips/*.jpg)
produced=${#vips_files[@]}
[ "$produced" -eq "$COUNT" ] || { echo "vipsthumbnail wrote $produced of $COUNT files" >&2; exit 1; }
vips_sample=${vips_files[0]}
vips_bytes=$(cat "$work"/vips/*.jpg | wc -c | awk -v n="$COUNT" '{printf "%d", $1 / n}')
psnr=$(java -cp "$classpath" dev.meridian.perf.imaging.PsnrTool "$work/reference.png" "$work/meridian.jpg" "$vips_sample")
meridian_psnr=$(echo "$psnr" | sed -n '1s/.* //p')
vips_psnr=$(echo "$psnr" | sed -n '2s/.* //p')

m_rate=$(printf '%s\n' "${meridian_rates[@]}" | median)
m_cold=$(printf '%s\n' "${meridian_cold[@]}" | median)
m_rss=$(printf '%s\n' "${meridian_rss[@]}" | median)
v_rate=$(printf '%s\n' "${vips_rates[@]}" | median)
i_rate=$(printf '%s\n' "${imageio_rates[@]}" | median)
v_rss=$(printf '%s\n' "${vips_rss[@]}" | median)

echo
echo "large.jpg (1920x1080) -> ${WIDTH} px wide, q${QUALITY}, progressive, stripped; ${COUNT} images x ${ROUNDS} rounds, ${THREADS} threads/processes"
echo "machine: $(nproc) cores, shared with other work (noisy)"
printf '%-10s %12s %14s %14s %14s %12s\n' "" "images/s" "whole-process" "peak RSS MB" "bytes/image" "PSNR dB"
printf '%-10s %12s %14s %14s %14s %12s\n' meridian "$m_rate" "$m_cold" "$((m_rss / 1024))" "$meridian_bytes" "$meridian_psnr"
printf '%-10s %12s\n' "(ImageIO)" "$i_rate"
printf '%-10s %12s %14s %14s %14s %12s\n' libvips "$v_rate" "$v_rate" "$((v_rss / 1024))" "$vips_bytes" "$vips_psnr"
echo "PSNR is against vipsthumbnail's Lanczos3 reference decoded losslessly (the bar is 36 dB before encoding)."
awk -v m="$m_rate" -v v="$v_rate" -v c="$m_cold" -v i="$i_rate" 'BEGIN {printf "ratio meridian/libvips (median images/s): %.2fx steady state, %.2fx whole process (target >= 1.0x); with ImageIO full-size decode: %.2fx\n", m / v, c / v, i / v}'
