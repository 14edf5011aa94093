#!/usr/bin/env bash
# A private Docker engine for the tests of the Docker containerizer: no bridge, vfs storage, and a private
# registry on 127.0.0.1:5000 (plain http; the engine trusts registries on 127.0.0.0/8 without TLS).
#   scripts/docker-engine.sh start   installs docker.io, busybox-static and docker-registry when missing, starts
#                                    dockerd on a private socket and the registry unless they already answer,
#                                    builds local/busybox:1 if missing and pushes it as 127.0.0.1:5000/busybox:1
#   scripts/docker-engine.sh stop    stops the daemon and the registry this script started
#   scripts/docker-engine.sh socket  prints the socket path
# Idempotent; needs root. SCHED_DOCKER_DIR moves the engine's directory (default /tmp/sched-dockerd).
set -euo pipefail

dir="${SCHED_DOCKER_DIR:-/tmp/sched-dockerd}"
socket="$dir/docker.sock"
pidfile="$dir/dockerd.pid"
image="local/busybox:1"
registry="127.0.0.1:5000"
registry_image="$registry/busybox:1"
registry_pidfile="$dir/registry.pid"

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
  command -v docker-registry >/dev/null || packages+=(docker-registry)
  command -v curl >/dev/null || packages+=(curl)
  if ((${#packages[@]} > 0)); then
    echo "docker-engine: installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    # Where an init system runs, the package starts its own registry (all interfaces, with authentication) on
    # the port the tests' registry needs.
    if [[ " ${packages[*]} " == *" docker-registry "* ]]; then
      service docker-registry stop >/dev/null 2>&1 || true
    fi
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

registry_answers() { curl -fsS --max-time 2 "http://$registry/v2/" >/dev/null 2>&1; }

# Debian's package runs the registry as a system service with authentication; this one is the tests' alone:
# loopback only, no authentication, its storage under the engine's directory.
start_registry() {
  mkdir -p "$dir/registry"
  cat >"$dir/registry/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry/storage
  delete:
    enabled: true
http:
  addr: $registry
CONFIG
  echo "docker-engine: starting a registry on $registry"
  setsid docker-registry serve "$dir/registry/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$registry_pidfile"
  local deadline=$((SECONDS + 30))
  until registry_answers; do
    if ((SECONDS > deadline)); then
      echo "docker-engine: the registry did not answer within 30 s; its log:" >&2
      tail -n 30 "$dir/registry.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

push_image() {
  curl -fs --max-time 5 -o /dev/null -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$registry/v2/busybox/manifests/1" && return
  echo "docker-engine: pushing $image as $registry_image"
  docker_cli tag "$image" "$registry_image"
  docker_cli push -q "$registry_image" >/dev/null
}

stop_process() {
  local what="$1" pidfile="$2"
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "docker-engine: stopping $what ($pid)"
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
    registry_answers || start_registry
    push_image
    echo "docker-engine: ready on $socket, registry on $registry"
    ;;
  stop)
    stop_process registry "$registry_pidfile"
    stop_process dockerd "$pidfile"
    ;;
  socket) echo "$socket" ;;
  *) echo "usage: $0 [start|stop|socket]" >&2; exit 2 ;;
esac
