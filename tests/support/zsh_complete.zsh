# What zsh's completion offers for a command line, one match a line, for the completion tests:
#   zsh -f zsh_complete.zsh FPATH_DIR 'kurl --kee'
# Runs an interactive zsh (no rc files) in a pseudo-terminal, loads compinit with FPATH_DIR
# first in $fpath, types the line and a TAB, and prints every match compadd was given. Gives
# up after about 10 seconds (exit 4 when the shell never got ready, 5 when no completion ended).
zmodload zsh/zpty || exit 3
typeset out="" line=""
zpty z zsh -f -i
zpty -w z "PROMPT=''; RPROMPT=''; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
# Every compadd call prints its matches; the end of the completion prints a marker and exits.
# Each marker is written split ("<<HI""T>>"), so only what the shell prints holds it whole: the
# echo of the typed definitions, which the terminal may show late, never does.
zpty -w z 'compadd () {
  local -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits )) && print -rl -- "<<HI""T>>"${^__hits}
  builtin compadd "$@"
}'
zpty -w z 'comppostfuncs=(kurl_test_end); kurl_test_end () { print -r -- "<<EN""D>>"; exit }'
zpty -w z 'print -r -- "<<REA""DY>>"'
integer waits
until zpty -r -t z line '*<<READY>>*' 2>/dev/null; do
  (( ++waits > 100 )) && exit 4
  sleep 0.1
done
zpty -w -n z "$2"$'\t'
integer tries
while (( tries < 200 )); do
  if zpty -r -t z line 2>/dev/null; then
    out+=$line
    [[ $line == *'<<END>>'* ]] && break
  else
    sleep 0.05
    (( tries++ ))
  fi
done
zpty -d z
[[ $out == *'<<END>>'* ]] || exit 5
print -rl -- ${${(M)${(f)out//$'\r'/}:#*<<HIT>>*}//*<<HIT>>/}
