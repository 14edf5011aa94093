#!/usr/bin/env bash
# A private Docker engine for the tests of the Docker containerizer: no registry, no bridge, vfs storage.
#   scripts/docker-engine.sh start   installs docker.io and busybox-static when missing, starts dockerd on a
#                                    private socket unless it already answers, builds local/busybox:1 if missing
#   scripts/docker-engine.sh stop    stops the daemon this script started
#   scripts/docker-engine.sh socket  prints the socket path
# Idempotent; needs root. SCHED_DOCKER_DIR moves the engine's directory (default /tmp/sched-dockerd).
set -euo pipefail

dir="${SCHED_DOCKER_DIR:-/tmp/sched-dockerd}"
socket="$dir/docker.sock"
pidfile="$dir/dockerd.pid"
image="local/busybox:1"

docker_cli() {
  local cli=/usr/bin/docker
  [[ -x "$cli" ]] || cli=docker
  DOCKER_HOST="unix://$socket" DOCKER_BUILDKIT=0 "$cli" "$@"
}

answers() { [[ -S "$socket" ]] && docker_cli version >/dev/null 2>&1; }

install_missing() {
  local packages=()
  command -v dockerd >/dev/null || packages+=(docker.io)
  [[ -x /bin/busybox ]] || packages+=(busybox-static)
  if ((${#packages[@]} > 0)); then
    echo "docker-engine: installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  fi
}

start_daemon() {
  mkdir -p "$dir/root" "$dir/exec"
  rm -f "$socket"
  echo "docker-engine: starting dockerd on $socket"
  setsid dockerd --iptables=false --bridge=none --storage-driver=vfs \
    --data-root "$dir/root" --exec-root "$dir/exec" --pidfile "$pidfile" \
    -H "unix://$socket" >"$dir/dockerd.log" 2>&1 </dev/null &
  local deadline=$((SECONDS + 60))
  until answers; do
    if ((SECONDS > deadline)); then
      echo "docker-engine: dockerd did not answer within 60 s; its log:" >&2
      tail -n 30 "$dir/dockerd.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

build_image() {
  docker_cli image inspect "$image" >/dev/null 2>&1 && return
  echo "docker-engine: building $image from busybox-static"
  local context
  context="$(mktemp -d)"
  cp /bin/busybox "$context/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nCMD ["/bin/sh"]\n' \
    >"$context/Dockerfile"
  docker_cli build -q -t "$image" "$context" >/dev/null
  rm -rf "$context"
}

stop_daemon() {
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "docker-engine: stopping dockerd ($pid)"
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
}

case "${1:-start}" in
  start)
    install_missing
    answers || start_daemon
    build_image
    echo "docker-engine: ready on $socket"
    ;;
  stop) stop_daemon ;;
  socket) echo "$socket" ;;
  *) echo "usage: $0 [start|stop|socket]" >&2; exit 2 ;;
esac
