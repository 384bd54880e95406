#include <CLI/CLI.hpp>

#include "cli/config_file.h"
#include "cli/connect_flags.h"
#include "cli/misc_flags.h"
#include "cli/cookie_flags.h"
#include "cli/body_flags.h"
#include "cli/repeatable.h"
#include "cli/options.h"
#include "cli/script_flags.h"
#include "cli/term_flags.h"
#include "cli/url_shorthand.h"
#include "core/text.h"

namespace kurl {

namespace {

constexpr const char* kDescription =
    "kurl: an HTTP client that reuses connections.\n"
    "Every URL is one request; all requests of a run share one keep-alive connection pool.";

constexpr const char* kFooter =
    "Exit codes follow curl's; with several requests kurl exits with the code of the first\n"
    "failed request in input order. See kurl(1) for details.";

// Checks a non-negative decimal number ("15", "0.5"): seconds or a rate.
std::string check_seconds(const std::string& text) {
  return parse_seconds(text) ? std::string() : "expected a non-negative number, got '" + text + "'";
}

/// The largest --expect-body-limit: the sample is held in memory per request in flight.
constexpr uint64_t kMaxExpectBodyLimit = 1ull << 30;

// Checks a whole number >= 0 (unsigned options would silently wrap "-1").
std::string check_count(const std::string& text) {
  return parse_uint(text) ? std::string() : "expected a whole number >= 0, got '" + text + "'";
}

void add_request_flags(CLI::App& app, Options& o) {
  const char* group = "Request";
  app.add_option("-X,--request", o.method, "Request method to use")
      ->group(group)
      ->type_name("METHOD");
  repeatable(app.add_option("-H,--header", o.headers,
                            "Extra header: 'Name: value', 'Name:' removes, 'Name;' sends empty"))
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
  app.add_option("-u,--user", o.user, "Server user and password (Basic)")
      ->group(group)
      ->type_name("USER:PASSWORD");
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
  app.add_flag("--stats{text}", o.stats,
               "Print reuse statistics to stderr at the end (--stats=json for JSON)")
      ->group(group)
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--stats-file", o.stats_file, "Write the statistics as JSON to FILE")
      ->group(group)
      ->type_name("FILE");
}

void add_behaviour_flags(CLI::App& app, Options& o) {
  const char* group = "Behaviour";
  app.add_flag("-L,--location", o.follow, "Follow redirects")->group(group);
  app.add_option("--max-redirs", o.max_redirects,
                 "Maximum number of redirects to follow (-1 = no limit)")
      ->group(group)
      ->type_name("NUM")
      ->check(CLI::Range(-1, 1 << 30));
  app.add_flag("-f,--fail", o.fail, "Fail fast with no output on HTTP errors (exit 22)")
      ->group(group);
  app.add_flag("--fail-with-body", o.fail_with_body,
               "Fail on HTTP errors (exit 22) but write the body")
      ->group(group);
  app.add_option("-m,--max-time", o.max_time, "Maximum time allowed for each request, seconds")
      ->group(group)
      ->type_name("SECONDS")
      ->check(check_seconds);
  app.add_option("--connect-timeout", o.connect_timeout, "Maximum time allowed to connect, seconds")
      ->group(group)
      ->type_name("SECONDS")
      ->check(check_seconds);
}

// Retries (curl's).
void add_retry_flags(CLI::App& app, Options& o) {
  const char* group = "Retries";
  app.add_option("--retry", o.retry, "Retry a transient failure up to N times")
      ->group(group)
      ->type_name("N")
      ->check(CLI::Range(0u, 1000000u));
  app.add_option("--retry-delay", o.retry_delay,
                 "Wait SECONDS between retries (default: 1 s doubling, up to 10 min)")
      ->group(group)
      ->type_name("SECONDS")
      ->check(check_seconds);
  app.add_option("--retry-max-time", o.retry_max_time,
                 "Start no retry later than SECONDS after the first attempt")
      ->group(group)
      ->type_name("SECONDS")
      ->check(check_seconds);
  app.add_flag("--retry-all-errors", o.retry_all_errors,
               "Retry on any error (a POST too after a 5xx or once sent)")
      ->group(group);
  app.add_flag("--retry-connrefused", o.retry_connrefused,
               "Retry a refused connection as a transient failure")
      ->group(group);
  app.add_option("--replay", o.replay,
                 "Resend a request a reused connection lost before any reply: "
                 "idempotent (once), all (up to 5 times, POST too) or none")
      ->group(group)
      ->type_name("RULE")
      ->check(CLI::IsMember({"idempotent", "all", "none"}))
      ->capture_default_str();
}

void add_reuse_flags(CLI::App& app, Options& o) {
  const char* group = "Connection reuse";
  app.add_option("--keepalive", o.keepalive,
                 "Seconds a pooled connection may sit idle; 0 turns reuse off")
      ->group(group)
      ->type_name("SECONDS")
      ->check(check_seconds)
      ->capture_default_str();
  app.add_option("--max-per-host", o.max_per_host,
                 "At most N connections open at once to one origin (default: the -P value)")
      ->group(group)
      ->type_name("N")
      ->check(CLI::Range(1u, 65535u));
  app.add_option("--max-requests-per-conn", o.max_requests_per_conn,
                 "Close a connection after it carried N requests; 0 = no limit")
      ->group(group)
      ->type_name("N")
      ->check(check_count)
      ->capture_default_str();
  app.add_option("--tcp-keepalive", o.tcp_keepalive,
                 "TCP keepalive probes after SECONDS idle; 0 = off")
      ->group(group)
      ->type_name("SECONDS")
      ->check(CLI::Range(0u, 1u << 20))
      ->capture_default_str();
  app.add_option("-P", o.parallel, "At most N requests in flight in the whole run (--parallel=N)")
      ->group(group)
      ->type_name("N")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  app.add_option("--pipeline", o.pipeline,
                 "HTTP/1.1 pipelining: up to N idempotent requests in flight on one connection")
      ->group(group)
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  app.add_option("--rate", o.rate, "Start at most R requests a second (decimals allowed)")
      ->group(group)
      ->type_name("R")
      ->check(check_seconds);
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
  const char* group = "CI expectations";
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
                   : "expected a byte count from 1 to 1G (k, M, G suffixes), got '" + v + "'";
      });
  app.add_option("--expect-time", o.expect_time,
                 "Fail (22) unless the request, redirects included, ends within SECONDS")
      ->group(group)
      ->type_name("SECONDS")
      ->check(check_seconds);
}

void add_batch_flags(CLI::App& app, Options& o) {
  const char* group = "Batch";
  app.add_option("--batch", o.batch,
                 "Read requests from FILE ('-' = stdin), one 'URL' or 'METHOD URL' a line")
      ->group(group)
      ->type_name("FILE");
  app.add_option("--batch-format", o.batch_format,
                 "Batch line format (default: jsonl for *.jsonl, else text)")
      ->group(group)
      ->type_name("text|jsonl")
      ->check(CLI::IsMember({"text", "jsonl"}));
  app.add_option("--shard", o.shard, "Keep only requests whose origin hashes to K of N (1-based)")
      ->group(group)
      ->type_name("K/N");
  app.add_option("--report", o.report, "Write one JSON line per request to FILE ('-' = stdout)")
      ->group(group)
      ->type_name("FILE");
}

// CI run thresholds and reports: verdicts on the whole run, and the JUnit file.
void add_ci_flags(CLI::App& app, Options& o) {
  const char* group = "CI run thresholds and reports";
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
  CLI::App app(kDescription, "kurl");
  // curl's rule, which config files rely on: a single-value option given twice keeps the last.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.footer(kFooter);
  app.set_help_flag("-h,--help", "Show this help and exit");
  bool want_version = false;  // main prints the text: it names the libraries linked
  app.add_flag("-V,--version", want_version, "Show version and exit");
  app.add_option("url", o.urls, "URLs to fetch, in order")->type_name("URL");
  app.get_formatter()->column_width(34);
  BodyFlagValues body_values;
  add_request_flags(app, o);
  add_body_flags(app, o, body_values);
  add_output_flags(app, o);
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
  } catch (const CLI::CallForHelp&) {
    outcome.action = ParseOutcome::Action::ShowHelp;
    outcome.text = app.help();
    return outcome;
  } catch (const CLI::ExtrasError& e) {
    outcome.action = ParseOutcome::Action::UsageError;
    std::string extras;
    for (const std::string& extra : app.remaining()) extras += (extras.empty() ? "" : " ") + extra;
    outcome.text = "unknown option or argument: " + extras + " (try 'kurl --help')";
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.action = ParseOutcome::Action::UsageError;
    outcome.text = e.what();
    return outcome;
  }
  collect_body_arguments(app, body_values, o);
  settle_misc_flags(app, o);
  std::string cookie_problem = finish_cookie_flags(app, cookie_values, o);
  expand_localhost_shorthands(o.urls);
  std::string script_error = finish_script_flags(app, o);
  if (want_version) {
    outcome.action = ParseOutcome::Action::ShowVersion;
    return outcome;
  }
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
