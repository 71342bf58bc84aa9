#!/usr/bin/env bash
# vr.sh ROUNDS < variants ("name ENV=.." per line): start each gateway, warm up, then sc.sh each per round under the lock
cd /tmp/gwx; rounds=$1; port=5960; names=()
kill $(cat v-*.pid 2>/dev/null) 2>/dev/null; rm -f v-*.pid; sleep 1
while read -r name envs; do
  [ -n "$name" ] || continue
  ./gw.sh v-$name $port /work/wt-gateway/artifacts/bin/Gateway/release $envs
  names+=("$name:$port"); port=$((port+1))
done
sleep 6
for np in "${names[@]}"; do flock /tmp/bench.lock wrk -t1 -c32 -d30s http://127.0.0.1:${np#*:}/api/lineage/models/a/b >/dev/null; done
B=$(cat backend.pid)
for r in $(seq 1 $rounds); do
  flock /tmp/bench.lock bash -c '
  for np in '"${names[*]}"'; do n=${np%:*}; p=${np#*:}; pid=$(cat v-$n.pid)
    be='$B'; [[ $n == h2* ]] && be=$(cat backend2.pid)
    ./sc.sh $n http://127.0.0.1:$p/api/lineage/models/a/b $pid $be 5 | grep proxy
  done'
done
