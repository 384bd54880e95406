#include "cli/connect_flags.h"

#include <CLI/CLI.hpp>

#include "core/text.h"

namespace kurl {

std::optional<uint64_t> parse_size_with_unit(std::string_view text) {
  if (!text.empty() && (text.back() == 'b' || text.back() == 'B'))
    return parse_uint(text.substr(0, text.size() - 1));
  return parse_byte_count(text);
}

namespace {

void add_where_flags(CLI::App& app, ConnectOptions& c) {
  const char* group = "Connections";
  // Repeatable, one value each, never swallowing the URL after it.
  auto repeat = [](CLI::Option* option) {
    option->expected(1)->allow_extra_args(false)->multi_option_policy(
        CLI::MultiOptionPolicy::TakeAll);
    return option;
  };
  repeat(app.add_option("--resolve", c.resolve,
                        "Use ADDR for HOST:PORT instead of a lookup ('*' = any host)"))
      ->group(group)
      ->type_name("[+]HOST:PORT:ADDR[,ADDR]");
  repeat(app.add_option("--connect-to", c.connect_to,
                        "Connect to HOST2:PORT2 for requests to HOST1:PORT1 (empty = any/same)"))
      ->group(group)
      ->type_name("HOST1:PORT1:HOST2:PORT2");
  app.add_option_function<std::string>(
         "--unix-socket",
         [&c](const std::string& path) {
           c.unix_socket = path;
           c.abstract_unix = false;
         },
         "Connect through this unix domain socket (no proxy)")
      ->group(group)
      ->type_name("PATH");
  app.add_option_function<std::string>(
         "--abstract-unix-socket",
         [&c](const std::string& name) {
           c.unix_socket = name;
           c.abstract_unix = true;
         },
         "Connect through this abstract unix socket (Linux)")
      ->group(group)
      ->type_name("NAME");
  app.add_flag_callback("-4,--ipv4", [&c] { c.ip_version = 4; }, "Resolve names to IPv4 only")
      ->group(group);
  app.add_flag_callback("-6,--ipv6", [&c] { c.ip_version = 6; }, "Resolve names to IPv6 only")
      ->group(group);
}

// -C OFFSET or -C -, as curl reads it: a whole number >= 0.
std::string set_continue_at(ConnectOptions& c, const std::string& value) {
  c.continue_from_file = value == "-";
  c.continue_at.reset();
  if (c.continue_from_file) return "";
  std::optional<uint64_t> offset = parse_uint(value);
  if (!offset || *offset > static_cast<uint64_t>(INT64_MAX))
    return "-C must be a whole number of bytes, 0 or more, or '-', got '" + value + "'";
  c.continue_at = *offset;
  return "";
}

void add_limit_flags(CLI::App& app, ConnectOptions& c) {
  const char* group = "Connections";
  app.add_option("-r,--range", c.range, "Byte range(s) to fetch: 0-499, 500-, -500, 0-1,5-9")
      ->group(group)
      ->type_name("RANGE");
  app.add_option_function<std::string>(
         "-C,--continue-at",
         [&c](const std::string& value) {
           if (std::string problem = set_continue_at(c, value); !problem.empty())
             throw CLI::ValidationError(problem);
         },
         "Resume at OFFSET, appending to the output file; '-' = its size")
      ->group(group)
      ->type_name("OFFSET|-")
      ->allow_extra_args(false);
  auto size_option = [&app, group](const char* name, uint64_t& target, const char* help) {
    app.add_option_function<std::string>(
           name,
           [&target, name](const std::string& value) {
             std::optional<uint64_t> size = parse_size_with_unit(value);
             if (!size) {
               throw CLI::ValidationError(std::string(name) +
                                          " must be a whole number of bytes with an optional "
                                          "K, M, G or B unit, got '" +
                                          value + "'");
             }
             target = *size;
           },
           help)
        ->group(group)
        ->type_name("BYTES");
  };
  size_option("--limit-rate", c.limit_rate,
              "Read at most BYTES a second per transfer (100K, 1M, 1G); 0 = unlimited");
  size_option("--max-filesize", c.max_filesize,
              "Fail (63) a body larger than BYTES (K, M, G units); 0 = no limit");
}

}  // namespace

void add_connect_flags(CLI::App& app, Options& o) {
  add_where_flags(app, o.connect);
  add_limit_flags(app, o.connect);
}

}  // namespace kurl
