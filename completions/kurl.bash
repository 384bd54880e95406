# bash completion for kurl(1): flags (long and short), their fixed values and file
# arguments. Installed as share/bash-completion/completions/kurl;
# tests/integration/test_completions.py keeps the lists in step with `kurl --help all`.

_kurl() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev="" equals="" prefix=""
  COMPREPLY=()
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # "--stats=json": bash splits the word at '=' when COMP_WORDBREAKS has it, else not.
  if [[ $cur == "=" ]]; then
    equals=1 cur=""
  elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
    equals=1 prev=${COMP_WORDS[COMP_CWORD - 2]}
  elif [[ $cur == --*=* ]]; then
    equals=1 prev=${cur%%=*} prefix="${cur%%=*}=" cur=${cur#*=}
  fi
  local flags="-h --help -V --version -X --request -H --header -A --user-agent -e --referer -u --user -I --head
               -n --netrc --netrc-file --netrc-optional --oauth2-bearer --basic --path-as-is -0
               --http1.0 --url -d --data --data-binary --data-raw --data-urlencode --json -F
               --form --form-string -T --upload-file -G --get -o --output -O --remote-name
               --output-dir --create-dirs -i --include -s --silent -S --show-error -v --verbose
               -w --write-out --stats --stats-file -D --dump-header -# --progress-bar
               --trace-ascii -L --location --max-redirs -f --fail --fail-with-body -m --max-time
               --connect-timeout --location-trusted --post301 --post302 --post303 --retry
               --retry-delay --retry-max-time --retry-all-errors --retry-connrefused --replay
               --keepalive --max-per-host --max-requests-per-conn --tcp-keepalive -P --pipeline
               --rate --no-keepalive -k --insecure --cacert --capath -E --cert --key -x --proxy
               --noproxy --resolve --connect-to --unix-socket --abstract-unix-socket -4 --ipv4
               -6 --ipv6 -r --range -C --continue-at --limit-rate --max-filesize --batch
               --batch-format --shard --report --expect-reuse --expect-latency --expect-failures
               --fail-early --junit --expect-status --expect-header --expect-body
               --expect-body-limit --expect-time -b --cookie -c --cookie-jar -j
               --junk-session-cookies -g --globoff -Z --parallel --parallel-max
               --parallel-immediate --compressed -K --config -q --disable --pretty --color"
  local file_options="--netrc-file -T --upload-file -o --output --stats-file -D --dump-header --trace-ascii --cacert
                      -E --cert --key --unix-socket --batch --report --junit -b --cookie -c
                      --cookie-jar -K --config"
  local directory_options="--output-dir --capath"
  local data_options="-d --data --data-binary --data-urlencode --json -w --write-out"
  local value_options="-H --header -A --user-agent -e --referer -u --user --oauth2-bearer --url --data-raw -F --form
                       --form-string --max-redirs -m --max-time --connect-timeout --retry
                       --retry-delay --retry-max-time --keepalive --max-per-host
                       --max-requests-per-conn --tcp-keepalive -P --pipeline --rate -x --proxy
                       --noproxy --resolve --connect-to --abstract-unix-socket -r --range -C
                       --continue-at --limit-rate --max-filesize --shard --expect-reuse
                       --expect-latency --expect-failures --expect-status --expect-header
                       --expect-body --expect-body-limit --expect-time --parallel-max"
  local IFS=$'\n'
  local values=""
  case $prev in
    -X | --request) values="GET HEAD POST PUT DELETE OPTIONS PATCH TRACE" ;;
    --replay) values="idempotent all none" ;;
    --batch-format) values="text jsonl" ;;
    --pretty | --color) values="auto always never" ;;
    -h | --help) values="general requests output connections batch tls ci statistics all" ;;
    # Optional values: only "--stats=json", never the next word.
    --stats) [[ -n $equals ]] && values="text json" ;;
  esac
  if [[ -n $values ]]; then
    IFS=' ' read -r -a values <<<"$values"
    COMPREPLY=($(compgen -P "$prefix" -W "${values[*]}" -- "$cur"))
    return
  fi
  if [[ " ${file_options//$'\n'/ } " == *" $prev "* ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return
  fi
  if [[ " ${directory_options//$'\n'/ } " == *" $prev "* ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -d -- "$cur"))
    return
  fi
  if [[ " ${data_options//$'\n'/ } " == *" $prev "* ]]; then
    # -d @FILE, -w @FILE: a file name after '@'; anything else is free text.
    if [[ $cur == @* ]]; then
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -P @ -f -- "${cur#@}"))
    fi
    return
  fi
  [[ " ${value_options//$'\n'/ } " == *" $prev "* ]] && return
  if [[ $cur == -* ]]; then
    IFS=$' \t\n'
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  fi
}
complete -F _kurl kurl
