// Everything the command line says, as plain data. Defaults live here, next to the flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/config_options.h"
#include "cli/connect_options.h"
#include "cli/misc_options.h"
#include "cli/cookie_options.h"
#include "cli/body_options.h"
#include "cli/script_options.h"
#include "cli/term_options.h"
#include "core/error.h"

namespace kurl {

/// Default seconds a pooled connection may sit idle (--keepalive).
inline constexpr double kDefaultKeepaliveSeconds = 15;
/// Default redirects followed with -L (--max-redirs), as in curl.
inline constexpr int kDefaultMaxRedirects = 50;
/// Default requests in flight in the whole run (-P).
inline constexpr unsigned kDefaultParallel = 1;
/// The most requests in flight -P N and --parallel=N take.
inline constexpr uint64_t kMaxParallel = 100000;
/// Default requests in flight on one connection (--pipeline): no pipelining.
inline constexpr unsigned kDefaultPipeline = 1;
/// Default body bytes --expect-body searches (--expect-body-limit): 1 MiB.
inline constexpr unsigned long long kDefaultExpectBodyLimit = 1ull << 20;

/// One -d/--data/--data-binary/--data-raw/--data-urlencode/--json argument, before any file
/// is read.
struct DataArgument {
  enum class Kind { Ascii, Binary, Json, Raw, UrlEncode };
  Kind kind = Kind::Ascii;
  std::string value;  ///< literal text, or "@file" / "@-" (not for Raw)
};

/// The parsed command line. Produced by parse_command_line(); nothing in it has done I/O.
struct Options {
  std::vector<std::string> urls;
  std::string batch;         ///< --batch FILE or "-"
  std::string batch_format;  ///< --batch-format: "", "text" or "jsonl"
  std::string shard;         ///< --shard K/N, "" = all

  // Request.
  std::string method;                ///< -X
  std::vector<std::string> headers;  ///< -H, as given
  std::vector<DataArgument> data;    ///< -d, --data-binary, --data-raw, --data-urlencode, --json
  BodyOptions body;                  ///< -F, --form-string, -T, -G
  std::string user_agent;            ///< -A; nullopt-like: see user_agent_set
  bool user_agent_set = false;
  std::string referer;  ///< -e
  std::string user;     ///< -u user:password
  bool head = false;    ///< -I
  // Cookies.
  CookieOptions cookies;  ///< -b, -c, -j

  // Output.
  std::vector<std::string> outputs;  ///< -o, one per URL in order
  bool remote_name = false;          ///< -O
  std::string output_dir;            ///< --output-dir
  bool create_dirs = false;          ///< --create-dirs
  bool include_headers = false;      ///< -i
  bool silent = false;               ///< -s
  bool show_error = false;           ///< -S
  bool verbose = false;              ///< -v
  std::string write_out;             ///< -w (may be "@file")
  std::string stats;                 ///< --stats: "", "text" or "json"
  std::string stats_file;            ///< --stats-file
  std::string report;                ///< --report FILE or "-"

  // TLS and proxies.
  bool insecure = false;               ///< -k
  std::string cacert;                  ///< --cacert
  std::string capath;                  ///< --capath
  std::string cert;                    ///< -E/--cert FILE[:PASSWORD]
  std::string key;                     ///< --key
  std::optional<std::string> proxy;    ///< -x/--proxy ("" = no proxy, overriding the environment)
  std::optional<std::string> noproxy;  ///< --noproxy
  ConnectOptions connect;  ///< --resolve, --connect-to, --unix-socket, -4, -6, -r, -C, limits

  // Behaviour.
  bool follow = false;                       ///< -L
  int max_redirects = kDefaultMaxRedirects;  ///< --max-redirs
  bool fail = false;                         ///< -f
  bool fail_with_body = false;               ///< --fail-with-body
  double max_time = 0;                       ///< -m, seconds; 0 = none
  double connect_timeout = 0;                ///< --connect-timeout, seconds; 0 = curl's 300 s

  // Retries (curl's).
  unsigned retry = 0;              ///< --retry: resends after a transient failure; 0 = off
  double retry_delay = 0;          ///< --retry-delay seconds; 0 = 1 s doubling, up to 10 min
  double retry_max_time = 0;       ///< --retry-max-time seconds for all attempts; 0 = no limit
  bool retry_all_errors = false;   ///< --retry-all-errors
  bool retry_connrefused = false;  ///< --retry-connrefused
  std::string replay = "idempotent";  ///< --replay: idempotent, all or none

  // Connection reuse.
  double keepalive = kDefaultKeepaliveSeconds;   ///< --keepalive, seconds; 0 = no reuse
  unsigned max_per_host = 0;                     ///< --max-per-host; 0 = not given: -P's value
  unsigned long long max_requests_per_conn = 0;  ///< --max-requests-per-conn; 0 = no limit
  unsigned tcp_keepalive = 0;                    ///< --tcp-keepalive seconds; 0 = off
  unsigned parallel = kDefaultParallel;          ///< -P
  unsigned pipeline = kDefaultPipeline;          ///< --pipeline
  double rate = 0;                               ///< --rate, requests a second; 0 = unlimited

  // CI run thresholds and reports (checked by output/thresholds before any request).
  std::string expect_reuse;                 ///< --expect-reuse RATIO as given, "" = none
  std::vector<std::string> expect_latency;  ///< --expect-latency pNN:DURATION, as given
  std::string expect_failures;              ///< --expect-failures N as given, "" = not given
  bool fail_early = false;                  ///< --fail-early: start nothing after the run failed
  std::string junit;                        ///< --junit FILE, "" = no JUnit report
  // CI expectations, per request (engine/expectations compiles them).
  std::string expect_status;                ///< --expect-status LIST, "" = none
  std::vector<std::string> expect_headers;  ///< --expect-header 'Name: REGEX', repeatable
  std::string expect_body;                  ///< --expect-body REGEX, "" = none
  unsigned long long expect_body_limit = kDefaultExpectBodyLimit;  ///< --expect-body-limit
  double expect_time = 0;  ///< --expect-time seconds, 0 = none

  MiscOptions misc;  ///< -D and the other miscellaneous curl flags (cli/misc_options.h)
  ScriptOptions scripts;  ///< URL globs, curl's parallel switches, --compressed
  TermOptions term;       ///< --color, --pretty (cli/term_options.h)
  ConfigOptions config;   ///< what -K and the default kurlrc left behind (cli/config_file.h)
};

/// What parsing decided.
struct ParseOutcome {
  enum class Action { Run, ShowHelp, ShowVersion, UsageError };
  Action action = Action::Run;
  Options options;
  std::string text;  ///< help or version text, or the one-line usage error
  ExitCode exit_code = ExitCode::Usage;  ///< of a UsageError: 26 when a config file is unreadable
};

/// Parses argv, with the config files it names and the default kurlrc read in (the only I/O).
/// Never exits and never prints.
ParseOutcome parse_command_line(int argc, const char* const* argv);

/// "kurl/VERSION", the default User-Agent.
std::string default_user_agent();

}  // namespace kurl
