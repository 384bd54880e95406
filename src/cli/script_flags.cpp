#include "cli/script_flags.h"

#include "cli/flag_checks.h"
#include "core/text.h"

namespace kurl {

namespace {

/// What -Z or a bare --parallel stores (CLI11 gives a flag used without "=N" this value).
constexpr const char* kBareParallel = "true";

// The same check as -P N's, worded the same.
std::string parallel_number(const std::string& flag, std::string text, unsigned& out) {
  if (std::string problem = whole_number(1, kMaxParallel)(text); !problem.empty())
    return flag + " " + problem;
  out = static_cast<unsigned>(*parse_uint(text));
  return "";
}

}  // namespace

void add_script_flags(CLI::App& app, Options& o) {
  const char* group = "Connections";
  ScriptOptions& s = o.scripts;
  app.add_flag("-g,--globoff", s.globoff, "Turn off URL globbing: []{} in URLs are literal")
      ->group("Requests");
  // A flag, so a bare --parallel never takes the next word (a URL) as its value; "=N" may
  // still give one, kurl's spelling of -P N.
  app.add_flag("-Z,--parallel", s.parallel_values,
               "Transfer in parallel as curl: --parallel-max at once; --parallel=N is -P N")
      ->group(group)
      ->type_name("[=N]");
  app.add_option_function<std::string>(
         "--parallel-max",
         [&s](const std::string& v) {
           // curl lowers a value over 300 to 300 and takes 0 as its default, 50.
           uint64_t n = *parse_uint(v);
           s.parallel_max = n > kCurlParallelMax ? kCurlParallelMax
                            : n < 1              ? kCurlParallelDefault
                                                 : static_cast<unsigned>(n);
         },
         "With -Z: at most N transfers at once (default 50, at most 300, as curl)")
      ->group(group)
      ->type_name("N")
      ->check(whole_number(0, UINT64_MAX));
  app.add_flag("--parallel-immediate", s.parallel_immediate,
               "With --pipeline: open a new connection rather than pipeline onto a busy one")
      ->group(group);
  app.add_flag("--compressed", s.compressed,
               "Ask for a compressed response (gzip, deflate, br, zstd) and decode it")
      ->group("Requests");
}

std::string finish_script_flags(const CLI::App& app, Options& o) {
  // The last of -P N and --parallel=N wins; without either, -Z or a bare --parallel runs
  // --parallel-max at once.
  const CLI::Option* short_flag = app.get_option("-P");
  const CLI::Option* long_flag = app.get_option("--parallel");
  const std::vector<std::string>& long_values = o.scripts.parallel_values;
  unsigned explicit_n = 0;
  size_t next_long = 0;
  for (const CLI::Option* option : app.parse_order()) {
    if (option == short_flag) {
      explicit_n = o.parallel;
    } else if (option == long_flag && next_long < long_values.size()) {
      const std::string& value = long_values[next_long++];
      if (value == kBareParallel) {
        o.scripts.parallel_on = true;
      } else if (std::string error = parallel_number("--parallel", value, explicit_n);
                 !error.empty()) {
        return error;
      }
    }
  }
  if (explicit_n > 0) {
    o.parallel = explicit_n;
  } else if (o.scripts.parallel_on) {
    o.parallel = o.scripts.parallel_max;
  }
  return "";
}

}  // namespace kurl
