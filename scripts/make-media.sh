#!/usr/bin/env bash
# Generate the Playgate test streams under media/ (repo root).
#
# One short, real H.264/AAC HLS VOD stream per catalog resource:
#   media/<id>/master.m3u8      multivariant playlist (written by this script)
#   media/<id>/360p.m3u8        media playlist (written by ffmpeg)
#   media/<id>/360p_NNN.ts      4-second MPEG-TS segments
#
# Usage:
#   npm run media                       # regenerate every resource
#   bash scripts/make-media.sh          # same
#   bash scripts/make-media.sh trailer news-24   # only these resources
#
# Environment overrides:
#   FFMPEG, FFPROBE   ffmpeg / ffprobe binaries (default: from PATH)
#   FONT              TTF font file for the burnt-in text
#
# The output is meant to be served only through the media gatekeeper
# (/media/*), never from public/.  See media/README.md.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
MEDIA_DIR="${REPO_ROOT}/media"

FFMPEG="${FFMPEG:-ffmpeg}"
FFPROBE="${FFPROBE:-ffprobe}"

# ---------------------------------------------------------------------------
# Encoding parameters (shared by every resource)
# ---------------------------------------------------------------------------
WIDTH=640
HEIGHT=360
FPS=25
DURATION=20          # seconds
SEGMENT=4            # seconds per HLS segment
GOP=$((FPS * 2))     # keyframe every 2 s -> every segment starts on an IDR
VIDEO_BITRATE=500k
VIDEO_MAXRATE=600k
VIDEO_BUFSIZE=1200k
AUDIO_BITRATE=96k
AUDIO_RATE=48000

# H.264 Main profile, level 3.0 -> avc1.4d401e
#   4d = profile_idc 77 (Main), 40 = constraint_set1_flag (set by x264 for
#   Main), 1e = level_idc 30.  AAC-LC -> mp4a.40.2.
# The script checks the encoded stream with ffprobe and refuses to write a
# master playlist whose CODECS would not match.
H264_PROFILE=main
H264_LEVEL=3.0
EXPECT_PROFILE="Main"
EXPECT_LEVEL=30
CODECS="avc1.4d401e,mp4a.40.2"

# ---------------------------------------------------------------------------
# Catalog: id -> title, video source, audio tone
# ---------------------------------------------------------------------------
ALL_IDS=(news-24 sports-one late-movie premium-doc fight-night trailer)

title_for() {
  case "$1" in
    news-24)     echo "News 24 (live)" ;;
    sports-one)  echo "Sports One" ;;
    late-movie)  echo "Late Movie (TV-MA)" ;;
    premium-doc) echo "Premium Doc" ;;
    fight-night) echo "Fight Night (PPV)" ;;
    trailer)     echo "Trailer" ;;
    *) return 1 ;;
  esac
}

# Sine tone frequency (Hz), different per resource.
tone_for() {
  case "$1" in
    news-24)     echo 440 ;;
    sports-one)  echo 523 ;;
    late-movie)  echo 330 ;;
    premium-doc) echo 392 ;;
    fight-night) echo 587 ;;
    trailer)     echo 660 ;;
    *) return 1 ;;
  esac
}

# Filtergraph fragment producing the background picture as [bg]
# (exactly WIDTHxHEIGHT at FPS, DURATION seconds long).
background_for() {
  local s="${WIDTH}x${HEIGHT}" r="${FPS}" d="${DURATION}"
  case "$1" in
    news-24)
      # Solid navy background with a red box sliding left to right.
      echo "color=c=0x0b2a5b:s=${s}:r=${r}:d=${d}[base];color=c=0xd62828:s=96x96:r=${r}:d=${d}[box];[base][box]overlay=x='mod(t*120\,${WIDTH}-96)':y=${HEIGHT}-104:eval=frame:shortest=1[bg]"
      ;;
    sports-one)
      echo "testsrc2=s=${s}:r=${r}:d=${d}[bg]"
      ;;
    late-movie)
      # Mandelbrot zoom over the whole clip.
      echo "mandelbrot=s=${s}:r=${r}:end_pts=$((FPS * DURATION)):end_scale=0.05,trim=duration=${d}[bg]"
      ;;
    premium-doc)
      echo "smptebars=s=${s}:r=${r}:d=${d}[bg]"
      ;;
    fight-night)
      # Rotating red/black/orange gradient (fixed seed: reproducible).
      echo "gradients=s=${s}:r=${r}:d=${d}:c0=0x200000:c1=0xb00000:c2=0xff7f00:c3=0x000000:nb_colors=4:speed=0.03:seed=1[bg]"
      ;;
    trailer)
      echo "testsrc=s=${s}:r=${r}:d=${d}[bg]"
      ;;
    *) return 1 ;;
  esac
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
die() { echo "make-media: error: $*" >&2; exit 1; }
log() { echo "make-media: $*" >&2; }

usage() {
  cat >&2 <<EOF
Usage: $(basename "$0") [resource-id ...]

Generates HLS test streams under media/<id>/ for the given resource ids
(default: all).  Known ids: ${ALL_IDS[*]}
EOF
}

check_tools() {
  if ! command -v "$FFMPEG" >/dev/null 2>&1; then
    die "ffmpeg not found (looked for '${FFMPEG}').
  Install it, e.g. on Debian/Ubuntu:  sudo apt-get install -y ffmpeg
  or point FFMPEG=/path/to/ffmpeg at an existing binary."
  fi
  if ! command -v "$FFPROBE" >/dev/null 2>&1; then
    die "ffprobe not found (looked for '${FFPROBE}'); it ships with ffmpeg:  sudo apt-get install -y ffmpeg"
  fi
  local filters encoders
  filters="$("$FFMPEG" -hide_banner -filters 2>/dev/null || true)"
  encoders="$("$FFMPEG" -hide_banner -encoders 2>/dev/null || true)"
  grep -qE '^ *[.A-Z|]+ +drawtext ' <<<"$filters" \
    || die "this ffmpeg has no 'drawtext' filter (needs libfreetype); install a full build, e.g. Debian's ffmpeg package"
  grep -qE '^ *[.A-Z]+ +libx264 ' <<<"$encoders" \
    || die "this ffmpeg has no 'libx264' encoder; install a build with --enable-libx264, e.g. Debian's ffmpeg package"
}

find_font() {
  if [[ -n "${FONT:-}" ]]; then
    [[ -r "$FONT" ]] || die "FONT='${FONT}' is not a readable file"
    echo "$FONT"; return
  fi
  local f
  for f in \
    /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
    /usr/share/fonts/TTF/DejaVuSans-Bold.ttf \
    /usr/share/fonts/dejavu/DejaVuSans-Bold.ttf \
    /usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf \
    /usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf \
    /Library/Fonts/Arial\ Bold.ttf \
    /System/Library/Fonts/Supplemental/Arial\ Bold.ttf; do
    if [[ -r "$f" ]]; then echo "$f"; return; fi
  done
  if command -v fc-match >/dev/null 2>&1; then
    f="$(fc-match -f '%{file}' 'DejaVu Sans:bold' 2>/dev/null || true)"
    if [[ -n "$f" && -r "$f" && "$f" == *.tt[fc] ]]; then echo "$f"; return; fi
  fi
  die "no usable TTF font found.
  Install DejaVu fonts, e.g. on Debian/Ubuntu:  sudo apt-get install -y fonts-dejavu-core
  or set FONT=/path/to/font.ttf"
}

# Escape an arbitrary string (e.g. a file path) for use as an unquoted
# option value inside a -filter_complex graph: first for the option parser
# (\ ' :), then for the filtergraph parser (\ ' [ ] , ;).
escape_filter_value() {
  printf '%s' "$1" \
    | sed -e "s/[\\\\:']/\\\\&/g" \
    | sed -e "s/[][\\\\,;']/\\\\&/g"
}

# ---------------------------------------------------------------------------
# Per-resource generation
# ---------------------------------------------------------------------------
STAGING=""
cleanup() {
  if [[ -n "$STAGING" && -d "$STAGING" ]]; then rm -rf -- "$STAGING"; fi
}
trap cleanup EXIT

probe() { # probe <file> <stream-selector> <entry>
  # MPEG-TS files list every stream twice (under the program and on its own),
  # so only the first value is kept.
  "$FFPROBE" -v error -select_streams "$2" -show_entries "stream=$3" \
    -of default=noprint_wrappers=1:nokey=1 "$1" | head -n 1
}

# Print the RFC 6381 avc1.PPCCLL string of the first SPS in a file, or
# nothing if the trace_headers bitstream filter is unavailable.
avc1_from_sps() { # avc1_from_sps <file>
  "$FFMPEG" -hide_banner -nostdin -loglevel debug -i "$1" -map 0:v:0 -c copy \
    -bsf:v trace_headers -frames:v 1 -f null - 2>&1 \
  | awk '
      / profile_idc / && p == "" { p = $NF }
      / constraint_set[0-5]_flag / && n < 6 { c = c * 2 + $NF; n++ }
      / level_idc / && l == "" { l = $NF }
      END { if (p != "" && l != "" && n == 6) printf "avc1.%02x%02x%02x", p, c * 4, l }'
}

write_master() { # write_master <dir>
  local dir="$1" bw avg
  # BANDWIDTH = peak segment bitrate, AVERAGE-BANDWIDTH = overall average,
  # both measured from the segments that were actually written.
  read -r bw avg < <(
    awk -v dir="$dir" '
      /^#EXTINF:/ { sub(/^#EXTINF:/, ""); sub(/,.*/, ""); dur = $0 + 0; next }
      /^[^#]/ && NF {
        cmd = "wc -c < \"" dir "/" $0 "\""
        cmd | getline bytes; close(cmd)
        bits = bytes * 8; total_bits += bits; total_dur += dur
        if (dur > 0 && bits / dur > peak) peak = bits / dur
      }
      END {
        if (total_dur <= 0) { print 0, 0; exit }
        printf "%d %d\n", peak + 0.5, total_bits / total_dur + 0.5
      }' "${dir}/360p.m3u8"
  )
  [[ "$bw" -gt 0 ]] || die "could not compute bandwidth for ${dir}"
  cat >"${dir}/master.m3u8" <<EOF
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-STREAM-INF:BANDWIDTH=${bw},AVERAGE-BANDWIDTH=${avg},RESOLUTION=${WIDTH}x${HEIGHT},CODECS="${CODECS}"
360p.m3u8
EOF
}

verify_output() { # verify_output <dir> <id>
  local dir="$1" id="$2" first vcodec vprofile vlevel pixfmt vsize acodec aprofile arate ach
  first="${dir}/360p_000.ts"
  [[ -s "$first" ]] || die "${id}: first segment ${first} missing"

  vcodec="$(probe "$first" v:0 codec_name)"
  vprofile="$(probe "$first" v:0 profile)"
  vlevel="$(probe "$first" v:0 level)"
  pixfmt="$(probe "$first" v:0 pix_fmt)"
  vsize="$(probe "$first" v:0 width)x$(probe "$first" v:0 height)"
  acodec="$(probe "$first" a:0 codec_name)"
  aprofile="$(probe "$first" a:0 profile)"
  arate="$(probe "$first" a:0 sample_rate)"
  ach="$(probe "$first" a:0 channels)"

  [[ "$vcodec" == h264 ]]              || die "${id}: video codec is '${vcodec}', expected h264"
  [[ "$vprofile" == "$EXPECT_PROFILE" ]] || die "${id}: H.264 profile '${vprofile}' does not match CODECS ${CODECS}"
  [[ "$vlevel" == "$EXPECT_LEVEL" ]]   || die "${id}: H.264 level '${vlevel}' does not match CODECS ${CODECS}"
  [[ "$pixfmt" == yuv420p ]]           || die "${id}: pix_fmt '${pixfmt}', expected yuv420p"
  [[ "$vsize" == "${WIDTH}x${HEIGHT}" ]] || die "${id}: size '${vsize}', expected ${WIDTH}x${HEIGHT}"
  [[ "$acodec" == aac ]]               || die "${id}: audio codec '${acodec}', expected aac"
  [[ "$aprofile" == LC ]]              || die "${id}: AAC profile '${aprofile}', expected LC (mp4a.40.2)"
  [[ "$arate" == "$AUDIO_RATE" ]]      || die "${id}: audio rate '${arate}', expected ${AUDIO_RATE}"
  [[ "$ach" == 2 ]]                    || die "${id}: audio channels '${ach}', expected 2"

  # The avc1 string, rebuilt from the SPS actually written (profile_idc,
  # constraint flags, level_idc), must match the CODECS we advertise.
  local sps_codec
  sps_codec="$(avc1_from_sps "$first")"
  if [[ -n "$sps_codec" ]]; then
    [[ "${CODECS%%,*}" == "$sps_codec" ]] \
      || die "${id}: stream SPS says ${sps_codec}, but CODECS is ${CODECS}"
  fi

  # Playlists must only carry relative URIs: bare file names in the same
  # directory (no scheme, no leading slash, no directories).
  if grep -hvE '^(#|$)' "${dir}/360p.m3u8" "${dir}/master.m3u8" | grep -qE '[/\\:]'; then
    die "${id}: playlist contains a non-relative URI"
  fi
  local seg
  while IFS= read -r seg; do
    [[ -s "${dir}/${seg}" ]] || die "${id}: playlist references missing segment '${seg}'"
  done < <(grep -vE '^(#|$)' "${dir}/360p.m3u8")
  [[ "$(grep -vE '^(#|$)' "${dir}/master.m3u8")" == 360p.m3u8 ]] \
    || die "${id}: master playlist must reference exactly 360p.m3u8"

  # Duration ~= DURATION (from the media playlist's EXTINF sum).
  local total
  total="$(awk -F'[:,]' '/^#EXTINF:/ { s += $2 } END { printf "%.3f", s }' "${dir}/360p.m3u8")"
  awk -v t="$total" -v d="$DURATION" 'BEGIN { exit !(t > d - 0.5 && t < d + 0.5) }' \
    || die "${id}: total duration ${total}s, expected ~${DURATION}s"
}

generate() { # generate <id>
  local id="$1" title tone bg out font_esc filter
  title="$(title_for "$id")"
  tone="$(tone_for "$id")"
  bg="$(background_for "$id")"
  out="${MEDIA_DIR}/${id}"

  log "${id}: generating \"${title}\" (${DURATION}s, ${WIDTH}x${HEIGHT}@${FPS}, ${tone} Hz tone)"

  # Build in a staging directory next to the final one, then swap it in,
  # so a failed run never leaves a half-written stream behind.
  STAGING="$(mktemp -d "${MEDIA_DIR}/.${id}.tmp.XXXXXX")"

  # The title goes through a text file so that no filtergraph escaping of
  # parentheses, colons, quotes etc. is needed.
  printf '%s' "$title" >"${STAGING}/.title.txt"

  font_esc="$(escape_filter_value "$FONT_FILE")"
  local title_esc
  title_esc="$(escape_filter_value "${STAGING}/.title.txt")"

  filter="${bg};"
  filter+="[bg]format=yuv420p,"
  filter+="drawtext=fontfile=${font_esc}:textfile=${title_esc}:expansion=none"
  filter+=":fontsize=46:fontcolor=white:borderw=3:bordercolor=black"
  filter+=":box=1:boxcolor=black@0.45:boxborderw=14"
  filter+=":x=(w-text_w)/2:y=(h-text_h)/2-40,"
  filter+="drawtext=fontfile=${font_esc}:text='%{pts\\:hms}'"
  filter+=":fontsize=34:fontcolor=yellow:borderw=2:bordercolor=black"
  filter+=":box=1:boxcolor=black@0.55:boxborderw=8"
  filter+=":x=(w-text_w)/2:y=(h/2)+30,"
  filter+="drawtext=fontfile=${font_esc}:text=${id}"
  filter+=":fontsize=20:fontcolor=white:borderw=2:bordercolor=black"
  filter+=":box=1:boxcolor=black@0.45:boxborderw=6:x=w-text_w-14:y=14"
  filter+="[v];"
  filter+="sine=frequency=${tone}:sample_rate=${AUDIO_RATE}:duration=${DURATION},"
  filter+="volume=0.15,aformat=sample_fmts=fltp:channel_layouts=stereo[a]"

  # -threads 1 and the bitexact flags keep the output byte-identical from
  # run to run (x264's output otherwise depends on the thread count).
  "$FFMPEG" -hide_banner -loglevel error -nostdin -y \
    -filter_complex "$filter" \
    -map '[v]' -map '[a]' \
    -t "$DURATION" \
    -c:v libx264 -profile:v "$H264_PROFILE" -level:v "$H264_LEVEL" -pix_fmt yuv420p \
    -preset medium -threads 1 \
    -b:v "$VIDEO_BITRATE" -maxrate "$VIDEO_MAXRATE" -bufsize "$VIDEO_BUFSIZE" \
    -g "$GOP" -keyint_min "$GOP" -sc_threshold 0 \
    -c:a aac -profile:a aac_low -b:a "$AUDIO_BITRATE" -ar "$AUDIO_RATE" -ac 2 \
    -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    -f hls -hls_time "$SEGMENT" -hls_playlist_type vod \
    -hls_flags independent_segments \
    -hls_segment_type mpegts \
    -hls_segment_filename "${STAGING}/360p_%03d.ts" \
    "${STAGING}/360p.m3u8"

  rm -f -- "${STAGING}/.title.txt"
  write_master "$STAGING"
  verify_output "$STAGING" "$id"

  chmod 755 "$STAGING"
  rm -rf -- "$out"
  mv -- "$STAGING" "$out"
  STAGING=""

  local nseg size
  nseg="$(find "$out" -maxdepth 1 -name '360p_*.ts' | wc -l)"
  size="$(du -sh "$out" | cut -f1)"
  log "${id}: ok (${nseg} segments, ${size})"
}

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
main() {
  local ids=() id
  for id in "$@"; do
    case "$id" in
      -h|--help) usage; exit 0 ;;
    esac
    title_for "$id" >/dev/null 2>&1 || { usage; die "unknown resource id '${id}'"; }
    ids+=("$id")
  done
  [[ ${#ids[@]} -gt 0 ]] || ids=("${ALL_IDS[@]}")

  check_tools
  FONT_FILE="$(find_font)"
  log "using font ${FONT_FILE}"

  mkdir -p "$MEDIA_DIR"
  # Leftovers of an interrupted earlier run.
  find "$MEDIA_DIR" -maxdepth 1 -type d -name '.*.tmp.*' -exec rm -rf -- {} +

  for id in "${ids[@]}"; do
    generate "$id"
  done
  log "done: ${ids[*]} -> ${MEDIA_DIR}"
}

main "$@"
