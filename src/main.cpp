// kurl's entry point: command line → engine → sinks, and the exit code.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>

#include "cli/options.h"
#include "core/file_io.h"
#include "core/redact.h"
#include "core/terminal_password.h"
#include "core/text.h"
#include "core/url.h"
#include "engine/argv_source.h"
#include "engine/batch_source.h"
#include "engine/engine_config_builder.h"
#include "engine/engine.h"
#include "engine/fail_early_source.h"
#include "engine/shard_filter.h"
#include "http/cookie_file.h"
#include "net/timer.h"
#include "output/body_writer.h"
#include "output/ci_verdict.h"
#include "output/cookie_jar_file.h"
#include "output/header_dump.h"
#include "output/output_channel.h"
#include "output/report_writer.h"
#include "output/retry_notice.h"
#include "output/run_outcome.h"
#include "output/stats.h"
#include "output/terminal_setup.h"
#include "output/trace_ascii.h"
#include "output/verbose_log.h"
#include "output/write_out.h"
#include "version_text.h"

namespace kurl {
namespace {


int fail_early(const Options& options, const Error& error) {
  if (!options.silent || options.show_error) {
    std::fprintf(stderr, "kurl: (%d) %s\n", error.exit_code(), printable(error.message).c_str());
  }
  return error.exit_code();
}

// -b FILE and -c turn the cookie engine on: its files are read before any request. Returns
// the jar, or null.
std::unique_ptr<CookieJar> load_cookies(const CookieOptions& options, CookieSettings& settings) {
  if (!options.engine()) return nullptr;
  auto jar = std::make_unique<CookieJar>();
  jar->set_junk_session_cookies(options.junk_session);
  load_cookie_files(options.files, *jar, std::time(nullptr));
  settings.jar = jar.get();
  settings.restore_file_cookies = !options.jar.empty() && !options.files.empty();
  return jar;
}

Result<std::optional<WriteOutFormat>> load_write_out(const Options& options) {
  if (options.write_out.empty()) return std::optional<WriteOutFormat>();
  std::string format = options.write_out;
  if (format.front() == '@') {
    Result<std::string> content = read_whole_file(format.substr(1));
    if (!content) return content.error();
    format = write_out_from_file(*content);
  }
  std::vector<std::string> warnings;
  WriteOutFormat parsed = WriteOutFormat::parse(format, &warnings);
  if (!options.silent) {
    for (const std::string& warning : warnings)
      std::fprintf(stderr, "kurl: warning: %s\n", printable(warning).c_str());
  }
  return std::optional<WriteOutFormat>(std::move(parsed));
}

// --stats-file: "-" shares standard output (its failure is standard output's).
Error write_stats_file(const std::string& path, const std::string& json,
                       OutputChannel& stdout_channel) {
  if (path == "-") {
    stdout_channel.write(json);
    stdout_channel.write("\n");
    stdout_channel.flush();
    return Error();
  }
  Result<std::unique_ptr<OutputChannel>> file =
      OutputChannel::open_file(path, "statistics to " + path);
  if (!file) return file.error();
  (*file)->write(json);
  (*file)->write("\n");
  (*file)->close();
  return (*file)->error();
}

// Command-line URLs first, then the batch, numbered 1, 2, 3... in that order; --shard then
// keeps this machine's share, so an index means the same request on every machine and
// reports and {n} file names from several machines never collide.
Result<std::unique_ptr<Source>> make_source(const Options& options) {
  auto chain = std::make_unique<ChainedSource>();
  if (!options.urls.empty()) {
    Result<std::unique_ptr<ArgvSource>> urls =
        ArgvSource::make(options.urls, options.outputs, options.scripts.globoff);
    if (!urls) return urls.error();
    chain->add(std::move(*urls));
  }
  if (!options.batch.empty()) {
    auto batch = std::make_unique<BatchSource>(
        options.batch, batch_format_for(options.batch_format, options.batch),
        !options.scripts.globoff);
    if (!batch->input_error().ok()) return batch->input_error();
    chain->add(std::move(batch));
  }
  if (options.shard.empty()) return std::unique_ptr<Source>(std::move(chain));
  Result<ShardSpec> shard = parse_shard(options.shard);
  if (!shard) return shard.error();
  return std::unique_ptr<Source>(std::make_unique<ShardFilter>(std::move(chain), *shard));
}

// The run thresholds and the JUnit report, checked before any request is sent.
Result<std::unique_ptr<CiVerdict>> make_ci_verdict(const Options& options) {
  Result<RunThresholds> thresholds =
      parse_thresholds(options.expect_reuse, options.expect_latency, options.expect_failures);
  if (!thresholds) return thresholds.error();
  // "Any --expect-*": the run thresholds and the per-request expectations.
  bool any_expectation = !thresholds->empty() || !options.expect_status.empty() ||
                         !options.expect_headers.empty() || !options.expect_body.empty() ||
                         options.expect_time > 0;
  CiSettings settings{std::move(*thresholds), options.junit,
                      !options.silent && (any_expectation || !options.junit.empty()),
                      !options.silent || options.show_error};
  return CiVerdict::make(std::move(settings));
}

// --fail-early: the requests never started, as the engine would have named them.
void report_skipped(const Options& options, FailEarlySource& source, CiVerdict& verdict) {
  source.drain_skipped([&](const RequestSpec& spec) {
    std::string method = !spec.method.empty()                     ? spec.method
                         : !options.method.empty()                ? options.method
                         : options.head                           ? "HEAD"
                         : spec.has_body || !options.data.empty() ? "POST"
                                                                  : "GET";
    Result<Url> url = parse_url(spec.url);
    std::string label =
        spec.name.empty() ? method + " " + without_credentials(spec.url) : spec.name;
    verdict.add_skipped(url ? url->origin() : "", label);
  });
}

// SIGINT, SIGTERM and SIGHUP (a closed terminal) abort the run through the loop, so files
// and report lines stay whole.
struct SignalWatch {
  struct Watched {
    int number;
    ExitCode code;
    const char* words;
    uv_signal_t handle{};
  };
  Watched signals[3] = {{SIGINT, ExitCode::Interrupted, "interrupted"},
                        {SIGTERM, ExitCode::Terminated, "terminated"},
                        {SIGHUP, ExitCode::Hangup, "hangup"}};
  Engine* engine = nullptr;
  const Watched* received = nullptr;  ///< the first signal, which decides the exit code
};

void on_signal(uv_signal_t* handle, int) {
  auto* watch = static_cast<SignalWatch*>(handle->data);
  if (watch->received != nullptr || watch->engine == nullptr) return;
  for (const SignalWatch::Watched& watched : watch->signals) {
    if (&watched.handle == handle) watch->received = &watched;
  }
  watch->engine->abort(Error(watch->received->code, watch->received->words));
}

void watch_signals(uv_loop_t* loop, SignalWatch& watch) {
  for (SignalWatch::Watched& watched : watch.signals) {
    uv_signal_init(loop, &watched.handle);
    watched.handle.data = &watch;
    uv_signal_start(&watched.handle, on_signal, watched.number);
    uv_unref(reinterpret_cast<uv_handle_t*>(&watched.handle));  // the run ends without them
  }
}

void unwatch_signals(SignalWatch& watch) {
  for (SignalWatch::Watched& watched : watch.signals)
    uv_close(reinterpret_cast<uv_handle_t*>(&watched.handle), nullptr);
}

// A standard descriptor the caller closed (`2>&-`) would be the next socket's number, so -w
// or a message would go into a connection (and libuv refuses to close it). Each closed one
// gets /dev/null opened read-only: writing to it still fails (EBADF), checked as before.
void occupy_closed_standard_descriptors() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int opened = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (opened != fd && opened >= 0) {
      dup2(opened, fd);
      close(opened);
    }
  }
}

// Many parallel connections need many descriptors: take all the hard limit allows.
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// --stats on standard error, checked like every other output of the run.
Error print_stats(const Options& options, const Stats& stats) {
  if (options.stats != "json" && options.stats != "text") return Error();
  OutputChannel err(STDERR_FILENO, "statistics to stderr");
  err.write(options.stats == "json" ? stats.render_json() + "\n" : stats.render_text());
  err.flush();
  return err.error();
}

// A failure of standard output (or of the report file) that no request's result showed:
// once, at the end, and the run fails with it.
void report_lost_output(const Options& options, OutputChannel& channel, RunOutcome& outcome) {
  channel.flush();
  if (!channel.failed() || channel.failure_reported()) return;
  channel.mark_failure_reported();
  fail_early(options, channel.error());
  outcome.add_failure(channel.error());
}

int run(const Options& options, OutputChannel& stdout_channel) {
  raise_file_limit();
  Result<EngineConfig> config = make_engine_config(options);
  if (!config) return fail_early(options, config.error());
  Result<std::optional<WriteOutFormat>> write_out = load_write_out(options);
  if (!write_out) return fail_early(options, write_out.error());
  config->tls.describe_peer = write_out->has_value() && (*write_out)->needs_peer_certificates();
  Result<std::unique_ptr<Source>> source = make_source(options);
  if (!source) return fail_early(options, source.error());
  Result<std::unique_ptr<CiVerdict>> verdict = make_ci_verdict(options);
  if (!verdict) return fail_early(options, verdict.error());
  std::unique_ptr<CookieJar> cookies = load_cookies(options.cookies, config->cookies);
  // The report file stays open for the run; "-" shares standard output.
  std::unique_ptr<OutputChannel> report_file;
  if (!options.report.empty() && options.report != "-") {
    Result<std::unique_ptr<OutputChannel>> opened =
        OutputChannel::open_file(options.report, "the report to " + options.report);
    if (!opened) return fail_early(options, opened.error());
    report_file = std::move(*opened);
  }
  Result<std::unique_ptr<HeaderDump>> header_dump = HeaderDump::open(options.misc.dump_header);
  if (!header_dump) return fail_early(options, header_dump.error());
  std::unique_ptr<OutputChannel> trace_file;
  if (!options.misc.trace_ascii.empty() && options.misc.trace_ascii != "-") {
    Result<std::unique_ptr<OutputChannel>> opened = TraceAscii::open(options.misc.trace_ascii);
    if (!opened) return fail_early(options, opened.error());
    trace_file = std::move(*opened);
  }

  ObserverList observers;
  BodyOutputConfig output;
  output.outputs = options.outputs;
  output.remote_name = options.remote_name;
  output.output_dir = options.output_dir;
  output.create_dirs = options.create_dirs;
  output.include_headers = options.include_headers || options.head;
  output.keep_error_bodies = options.fail_with_body;
  output.dump_headers = options.misc.dump_header == "-";
  output.max_held = options.parallel;
  output.write_out = write_out->has_value() ? &**write_out : nullptr;
  OutputChannel stderr_channel(STDERR_FILENO, "output to stderr");
  output.write_out_stderr = &stderr_channel;
  output.resume_from = options.connect.continue_at;
  output.resume_from_file = options.connect.continue_from_file;
  output.terminal = terminal_settings(options);
  // Before the bodies: with --trace-ascii -, a block comes before the bytes it shows.
  std::unique_ptr<TraceAscii> trace;
  if (!options.misc.trace_ascii.empty()) {
    trace = std::make_unique<TraceAscii>(trace_file ? *trace_file : stdout_channel);
    observers.add(*trace);
  }
  BodyWriter bodies(output, stdout_channel);
  if (options.connect.continue_at || options.connect.continue_from_file)
    config->limits.resume_offset_of = [&bodies](uint64_t index) { return bodies.resume_offset(index); };
  observers.add(bodies);
  if (*header_dump) observers.add(**header_dump);
  Stats stats(monotonic_seconds);
  observers.add(stats);
  // Before the sinks that print on standard error: the progress line erases itself first.
  TerminalProgress progress(
      options, stats, [&source] { return (*source)->total(); }, observers, config->tick_interval,
      stdout_channel, stderr_channel);
  std::unique_ptr<VerboseLog> verbose;
  if (options.verbose) {
    verbose = std::make_unique<VerboseLog>(stderr, output.terminal.colour_stderr);
    observers.add(*verbose);
  }
  RetryNotice retry_notice(stderr);
  if (!options.silent) observers.add(retry_notice);
  RunOutcome outcome(stderr, !options.silent || options.show_error);
  outcome.allow_failures((*verdict)->allowed_failures());
  observers.add(outcome);
  if (JunitWriter* junit = (*verdict)->junit()) observers.add(*junit);
  FailEarlySource* stopper = nullptr;
  if (options.fail_early) {
    auto wrapped = std::make_unique<FailEarlySource>(
        std::move(*source), [&outcome] { return outcome.failed_beyond_allowance(); });
    stopper = wrapped.get();
    *source = std::move(wrapped);
  }
  std::unique_ptr<ReportWriter> report;
  if (!options.report.empty()) {
    report = report_file
                 ? std::make_unique<ReportWriter>(*report_file, ReportWriter::Flush::Batched)
                 : std::make_unique<ReportWriter>(stdout_channel, ReportWriter::Flush::EachLine);
    observers.add(*report);
  }
  Source& requests = **source;

  uv_loop_t loop;
  uv_loop_init(&loop);
  SignalWatch signals;
  watch_signals(&loop, signals);
  {
    Engine engine(&loop, std::move(*config), requests, observers);
    signals.engine = &engine;
    engine.run();
    signals.engine = nullptr;
  }
  unwatch_signals(signals);
  uv_run(&loop, UV_RUN_DEFAULT);  // let the last handles close
  if (uv_loop_close(&loop) != 0)
    std::fprintf(stderr, "kurl: internal error: a libuv handle was left open\n");

  if (!requests.input_error().ok() && signals.received == nullptr) {
    // The lines read so far ran; the unread rest is one failure after all of them.
    outcome.add_failure(requests.input_error());
    fail_early(options, requests.input_error());
  }
  if (cookies && !options.cookies.jar.empty()) {
    cookies->restore_file_cookies(std::time(nullptr));  // curl reads -b files again first
    Error saved =
        save_cookie_jar(*cookies, options.cookies.jar, std::time(nullptr), stdout_channel);
    if (!saved.ok()) {
      fail_early(options, saved);
      outcome.add_failure(saved);
    }
  }
  if (report) report->flush();
  if (report_file) {
    report_file->close();
    report_lost_output(options, *report_file, outcome);
  }
  if (trace_file) {
    trace_file->close();
    report_lost_output(options, *trace_file, outcome);
  }
  if (*header_dump) {
    if (Error lost = (*header_dump)->close(); !lost.ok()) {
      fail_early(options, lost);
      outcome.add_failure(lost);
    }
  }
  Error stats_error = print_stats(options, stats);
  if (!stats_error.ok()) fail_early(options, stats_error);
  if (!options.stats_file.empty()) {
    Error file_error = write_stats_file(options.stats_file, stats.render_json(), stdout_channel);
    if (!file_error.ok()) fail_early(options, file_error);
    if (stats_error.ok()) stats_error = file_error;
  }
  report_lost_output(options, stdout_channel, outcome);
  report_lost_output(options, stderr_channel, outcome);
  if (stopper != nullptr) report_skipped(options, *stopper, **verdict);
  (*verdict)->finish(stats, outcome, stderr);
  if (signals.received != nullptr) {
    if (!options.silent) {
      std::fprintf(stderr, "kurl: (%d) %s\n", static_cast<int>(signals.received->code),
                   signals.received->words);
    }
    return static_cast<int>(signals.received->code);
  }
  if (outcome.exit_code() == 0 && !stats_error.ok()) return stats_error.exit_code();
  return outcome.exit_code();
}

}  // namespace
}  // namespace kurl

// --help and --version: a closed or full stdout fails them too (23).
int print_text(const std::string& text, kurl::OutputChannel& out) {
  out.write(text);
  if (out.flush()) return 0;
  std::fprintf(stderr, "kurl: (%d) %s\n", out.error().exit_code(),
               kurl::printable(out.error().message).c_str());
  return out.error().exit_code();
}

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout is a write error (23), not a crash
  kurl::occupy_closed_standard_descriptors();
  // Everything kurl prints on standard output goes through this one checked channel.
  kurl::OutputChannel stdout_channel(STDOUT_FILENO, "output to stdout");
  kurl::ParseOutcome parsed = kurl::parse_command_line(argc, argv);
  switch (parsed.action) {
    case kurl::ParseOutcome::Action::ShowHelp:
      return print_text(parsed.text, stdout_channel);
    case kurl::ParseOutcome::Action::ShowVersion:
      return print_text(kurl::version_text(), stdout_channel);
    case kurl::ParseOutcome::Action::UsageError:
      std::fprintf(stderr, "kurl: %s\n", kurl::printable(parsed.text).c_str());
      return static_cast<int>(parsed.exit_code);
    case kurl::ParseOutcome::Action::Run:
      break;
  }
  kurl::ask_missing_password(parsed.options.user);  // on the terminal, before the run
  return kurl::run(parsed.options, stdout_channel);
}
