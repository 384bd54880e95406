#include <CLI/CLI.hpp>

#include "cli/config_file.h"
#include "cli/connect_flags.h"
#include "cli/misc_flags.h"
#include "cli/cookie_flags.h"
#include "cli/body_flags.h"
#include "cli/flag_checks.h"
#include "cli/help_flags.h"
#include "cli/parse_errors.h"
#include "cli/repeatable.h"
#include "cli/options.h"
#include "cli/script_flags.h"
#include "cli/term_flags.h"
#include "cli/url_shorthand.h"
#include "core/text.h"

namespace kurl {

namespace {

/// The largest --expect-body-limit: the sample is held in memory per request in flight.
constexpr uint64_t kMaxExpectBodyLimit = 1ull << 30;

/// The largest --max-redirs, --pipeline, --max-per-host, --tcp-keepalive and --retry.
constexpr uint64_t kMaxRedirects = 1 << 30;
constexpr uint64_t kMaxPipeline = 1024;
constexpr uint64_t kMaxPerHost = 65535;
constexpr uint64_t kMaxTcpKeepalive = 1 << 20;
constexpr uint64_t kMaxRetries = 1000000;

void add_request_flags(CLI::App& app, Options& o) {
  const char* group = "Requests";
  app.add_option("-X,--request", o.method, "Request method to use (GET, POST, PUT...)")
      ->group(group)
      ->type_name("METHOD");
  repeatable(app.add_option("-H,--header", o.headers,
                            "Extra header 'Name: value' (repeatable); 'Name:' removes one, "
                            "'Name;' sends it empty"))
      ->group(group)
      ->type_name("HEADER");
  app.add_option_function<std::string>(
         "-A,--user-agent",
         [&o](const std::string& v) {
           o.user_agent = v;
           o.user_agent_set = true;
         },
         "User-Agent to send (\"\" sends none)")
      ->group(group)
      ->type_name("NAME");
  app.add_option("-e,--referer", o.referer, "Referer URL")->group(group)->type_name("URL");
  app.add_option("-u,--user", o.user,
                 "Server user and password (Basic); a missing :PASSWORD is asked for on a "
                 "terminal, else empty")
      ->group(group)
      ->type_name("USER[:PASSWORD]");
  app.add_flag("-I,--head", o.head, "Show document info only (HEAD request)")->group(group);
}

void add_output_flags(CLI::App& app, Options& o) {
  const char* group = "Output";
  repeatable(app.add_option("-o,--output", o.outputs,
                            "Write the body to FILE instead of stdout (one per URL)"))
      ->group(group)
      ->type_name("FILE");
  app.add_flag("-O,--remote-name", o.remote_name, "Write output to a file named as the remote file")
      ->group(group);
  app.add_option("--output-dir", o.output_dir, "Directory to save files in")
      ->group(group)
      ->type_name("DIR");
  app.add_flag("--create-dirs", o.create_dirs, "Create the directories -o and --output-dir need")
      ->group(group);
  app.add_flag("-i,--include", o.include_headers, "Include the response headers in the output")
      ->group(group);
  app.add_flag("-s,--silent", o.silent, "Silent mode: no progress, no error messages")
      ->group(group);
  app.add_flag("-S,--show-error", o.show_error, "Show error messages even with -s")->group(group);
  app.add_flag("-v,--verbose", o.verbose, "Show connection events and headers on stderr")
      ->group(group);
  app.add_option("-w,--write-out", o.write_out, "Write FORMAT after each transfer (@file reads it)")
      ->group(group)
      ->type_name("FORMAT");
}

// A flag with an optional value: "--stats" alone never takes the next word (a URL).
void add_statistics_flags(CLI::App& app, Options& o) {
  const char* group = "Statistics";
  app.add_flag("--stats{text}", o.stats,
               "Reuse statistics on stderr at the end; FORMAT is text (the default) or "
               "json (one object)")
      ->group(group)
      ->type_name("[=FORMAT]")
      ->check(one_of({"text", "json"}));
  app.add_option("--stats-file", o.stats_file, "Write the statistics as JSON to FILE")
      ->group(group)
      ->type_name("FILE");
}

void add_behaviour_flags(CLI::App& app, Options& o) {
  app.add_flag("-L,--location", o.follow, "Follow redirects")->group("Requests");
  app.add_option("--max-redirs", o.max_redirects,
                 "Follow at most NUM redirects; -1 = no limit (default 50, as curl)")
      ->group("Requests")
      ->type_name("NUM")
      ->transform(whole_number_or_minus_one(kMaxRedirects));
  app.add_flag("-f,--fail", o.fail, "Fail fast with no output on HTTP errors (exit 22)")
      ->group("CI");
  app.add_flag("--fail-with-body", o.fail_with_body,
               "Fail on HTTP errors (exit 22) but write the body")
      ->group("CI");
  app.add_option("-m,--max-time", o.max_time,
                 "Most seconds each request may take (default: no limit)")
      ->group("Connections")
      ->type_name("SECONDS")
      ->check(seconds());
  app.add_option("--connect-timeout", o.connect_timeout,
                 "Most seconds connecting may take (default 300 s, as curl)")
      ->group("Connections")
      ->type_name("SECONDS")
      ->check(seconds());
}

// Retries (curl's).
void add_retry_flags(CLI::App& app, Options& o) {
  const char* group = "CI";
  app.add_option("--retry", o.retry, "Retry a transient failure up to N times (default 0)")
      ->group(group)
      ->type_name("N")
      ->transform(whole_number(0, kMaxRetries));
  app.add_option("--retry-delay", o.retry_delay,
                 "Wait SECONDS between retries (default: 1 s doubling, up to 10 min)")
      ->group(group)
      ->type_name("SECONDS")
      ->check(seconds());
  app.add_option("--retry-max-time", o.retry_max_time,
                 "Start no retry later than SECONDS after the first attempt (default: no "
                 "limit)")
      ->group(group)
      ->type_name("SECONDS")
      ->check(seconds());
  app.add_flag("--retry-all-errors", o.retry_all_errors,
               "Retry on any error (a POST too after a 5xx or once sent)")
      ->group(group);
  app.add_flag("--retry-connrefused", o.retry_connrefused,
               "Retry a refused connection as a transient failure")
      ->group(group);
  app.add_option("--replay", o.replay,
                 "Resend a request a reused connection lost before any reply: "
                 "idempotent (once), all (up to 5 times, POST too) or none")
      ->group("Connections")
      ->type_name("RULE")
      ->check(one_of({"idempotent", "all", "none"}))
      ->capture_default_str();
}

void add_reuse_flags(CLI::App& app, Options& o) {
  const char* group = "Connections";
  app.add_option("--keepalive", o.keepalive,
                 "Seconds a pooled connection may sit idle; 0 turns reuse off")
      ->group(group)
      ->type_name("SECONDS")
      ->check(seconds())
      ->capture_default_str();
  app.add_option("--max-per-host", o.max_per_host,
                 "At most N connections open at once to one origin (default: the -P value)")
      ->group(group)
      ->type_name("N")
      ->transform(whole_number(1, kMaxPerHost));
  app.add_option("--max-requests-per-conn", o.max_requests_per_conn,
                 "Close a connection after it carried N requests; 0 = no limit (the default)")
      ->group(group)
      ->type_name("N")
      ->transform(whole_number(0, UINT64_MAX));
  app.add_option("--tcp-keepalive", o.tcp_keepalive,
                 "TCP keepalive probes after SECONDS idle; 0 = off (the default)")
      ->group(group)
      ->type_name("SECONDS")
      ->transform(whole_number(0, kMaxTcpKeepalive));
  app.add_option("-P", o.parallel,
                 "At most N requests in flight in the whole run; --parallel=N is the same")
      ->group(group)
      ->type_name("N")
      ->transform(whole_number(1, kMaxParallel))
      ->capture_default_str();
  app.add_option("--pipeline", o.pipeline,
                 "HTTP/1.1 pipelining: up to N idempotent requests in flight on one connection")
      ->group(group)
      ->type_name("N")
      ->transform(whole_number(1, kMaxPipeline))
      ->capture_default_str();
  app.add_option("--rate", o.rate,
                 "Start at most R requests a second, decimals allowed (default: no limit)")
      ->group(group)
      ->type_name("R")
      ->check(decimal("requests a second"));
}

void add_tls_flags(CLI::App& app, Options& o) {
  const char* group = "TLS and proxies";
  app.add_flag("-k,--insecure", o.insecure,
               "Allow TLS connections without verifying the certificate")
      ->group(group);
  app.add_option("--cacert", o.cacert, "CA certificates to verify peers with (PEM file)")
      ->group(group)
      ->type_name("FILE");
  app.add_option("--capath", o.capath, "Directory of CA certificates to verify peers with")
      ->group(group)
      ->type_name("DIR");
  app.add_option("-E,--cert", o.cert,
                 "Client certificate (PEM), optionally with :PASSWORD for its key")
      ->group(group)
      ->type_name("FILE[:PASSWORD]");
  app.add_option("--key", o.key, "Private key of the client certificate (PEM)")
      ->group(group)
      ->type_name("FILE");
  app.add_option_function<std::string>(
         "-x,--proxy", [&o](const std::string& v) { o.proxy = v; },
         "Use this HTTP proxy (\"\" = none); default port 1080")
      ->group(group)
      ->type_name("[http://][USER:PASSWORD@]HOST[:PORT]");
  app.add_option_function<std::string>(
         "--noproxy", [&o](const std::string& v) { o.noproxy = v; },
         "Hosts that bypass the proxy (comma-separated, * = all)")
      ->group(group)
      ->type_name("LIST");
}

// CI expectations: what a good answer is, per request.
void add_expectation_flags(CLI::App& app, Options& o) {
  const char* group = "CI";
  app.add_option("--expect-status", o.expect_status,
                 "Fail (22) unless the final status is in LIST (200,204 2xx 200-299)")
      ->group(group)
      ->type_name("LIST");
  repeatable(app.add_option("--expect-header", o.expect_headers,
                            "Fail (22) unless a header NAME matches REGEX (repeatable)"))
      ->group(group)
      ->type_name("'NAME: REGEX'");
  app.add_option("--expect-body", o.expect_body,
                 "Fail (22) unless REGEX is in the body's first --expect-body-limit bytes")
      ->group(group)
      ->type_name("REGEX");
  app.add_option_function<std::string>(
         "--expect-body-limit",
         [&o](const std::string& v) { o.expect_body_limit = *parse_byte_count(v); },
         "Body bytes --expect-body searches (k, M, G suffixes; default 1M)")
      ->group(group)
      ->type_name("BYTES")
      ->check([](const std::string& v) {
        std::optional<uint64_t> n = parse_byte_count(v);
        return n && *n > 0 && *n <= kMaxExpectBodyLimit
                   ? std::string()
                   : kCheckPrefix +
                         ("a byte count from 1 to 1G (k, M, G suffixes), got '" + v + "'");
      });
  app.add_option("--expect-time", o.expect_time,
                 "Fail (22) unless the request, redirects included, ends within SECONDS")
      ->group(group)
      ->type_name("SECONDS")
      ->check(seconds());
}

void add_batch_flags(CLI::App& app, Options& o) {
  const char* group = "Batch";
  app.add_option("--batch", o.batch,
                 "Read requests from FILE ('-' = stdin), one 'URL' or 'METHOD URL' a line")
      ->group(group)
      ->type_name("FILE");
  app.add_option("--batch-format", o.batch_format,
                 "Batch line format: text or jsonl (default: jsonl for a *.jsonl file, else text)")
      ->group(group)
      ->type_name("FORMAT")
      ->check(one_of({"text", "jsonl"}));
  app.add_option("--shard", o.shard, "Keep only requests whose origin hashes to K of N (1-based)")
      ->group(group)
      ->type_name("K/N");
  app.add_option("--report", o.report, "Write one JSON line per request to FILE ('-' = stdout)")
      ->group(group)
      ->type_name("FILE");
}

// CI run thresholds and reports: verdicts on the whole run, and the JUnit file.
void add_ci_flags(CLI::App& app, Options& o) {
  const char* group = "CI";
  app.add_option("--expect-reuse", o.expect_reuse,
                 "Fail the run (22) when its reuse ratio ends below RATIO (0 to 1)")
      ->group(group)
      ->type_name("RATIO");
  repeatable(
      app.add_option("--expect-latency", o.expect_latency,
                     "Fail the run (22) when a percentile ends above DURATION (p50..p99.9, max)"))
      ->group(group)
      ->type_name("pNN:DURATION");
  app.add_option("--expect-failures", o.expect_failures,
                 "Failed requests the run may have and still pass (default 0)")
      ->group(group)
      ->type_name("N");
  app.add_flag("--fail-early", o.fail_early,
               "Start no new request once the run has failed; the rest are skipped")
      ->group(group);
  app.add_option("--junit", o.junit, "Write a JUnit XML report to FILE at the end")
      ->group(group)
      ->type_name("FILE");
}

// Standard input can feed one reader only: with --batch -, the flag that would also read it
// ("-d @-", "-T -", "-w @-"...), else "". Without this check the batch would find stdin drained.
std::string second_stdin_reader(const Options& o) {
  if (o.batch != "-") return "";
  if (std::string reader = body_stdin_reader(o); !reader.empty()) return reader;
  return o.write_out == "@-" ? "-w @-" : "";
}

}  // namespace

std::string default_user_agent() {
  return std::string("kurl/") + KURL_VERSION;
}

ParseOutcome parse_command_line(int argc, const char* const* argv) {
  ParseOutcome outcome;
  Options& o = outcome.options;
  CLI::App app("", "kurl");
  // curl's rule, which config files rely on: a single-value option given twice keeps the last.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  HelpFlagValues help;
  add_help_flags(app, help);
  app.add_option("url", o.urls, "URLs to fetch, in order")->type_name("URL");
  BodyFlagValues body_values;
  add_request_flags(app, o);
  add_body_flags(app, o, body_values);
  add_output_flags(app, o);
  add_statistics_flags(app, o);
  add_behaviour_flags(app, o);
  add_retry_flags(app, o);
  add_reuse_flags(app, o);
  add_tls_flags(app, o);
  add_connect_flags(app, o);
  add_batch_flags(app, o);
  add_ci_flags(app, o);
  add_expectation_flags(app, o);
  add_misc_flags(app, o);
  CookieFlagValues cookie_values;
  add_cookie_flags(app, o, cookie_values);
  add_script_flags(app, o);
  add_term_flags(app, o);
  add_config_flags(app);
  Result<CommandWords> words = expand_config_files(app, argc, argv);
  if (!words) return config_failure(words.error());
  o.config.read_stdin = words->read_stdin;
  try {
    app.parse(words->reversed());
  } catch (const CLI::ParseError& e) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = usage_error_line(e, app, argc, argv);
    return outcome;
  }
  if (settle_help_flags(app, help, outcome)) return outcome;
  collect_body_arguments(app, body_values, o);
  settle_misc_flags(app, o);
  std::string cookie_problem = finish_cookie_flags(app, cookie_values, o);
  expand_localhost_shorthands(o.urls);
  std::string script_error = finish_script_flags(app, o);
  if (!script_error.empty()) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = script_error;
  } else if (o.urls.empty() && o.batch.empty()) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = "no URL specified (try 'kurl --help')";
  } else if (!cookie_problem.empty()) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = cookie_problem;
  } else if (std::string reader = second_stdin_reader(o); !reader.empty()) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = "--batch - and " + reader + " both read standard input: give one of them a file";
  } else if (std::string conflict = config_stdin_conflict(o); !conflict.empty()) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = conflict;
  } else if (std::string conflict = body_flag_conflict(o); !conflict.empty()) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = conflict;
  }
  return outcome;
}

}  // namespace kurl
