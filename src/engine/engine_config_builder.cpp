#include "engine/engine_config_builder.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/base64.h"
#include "core/text.h"
#include "engine/body_inputs.h"
#include "engine/config_check.h"
#include "http/body_decoder.h"
#include "http/head_check.h"

namespace kurl {

namespace {

// Lower-case first, as curl reads them.
std::string environment(const char* lower, const char* upper) {
  if (const char* value = std::getenv(lower); value && *value) return value;
  if (const char* value = std::getenv(upper); value && *value) return value;
  return "";
}

void set_tls_and_proxy(const Options& options, EngineConfig& config) {
  config.tls.verify = !options.insecure;
  config.tls.ca_file = options.cacert;
  config.tls.ca_path = options.capath;
  std::string cert = options.cert;
  // -E FILE:PASSWORD; a colon followed by a path separator is part of the file name.
  size_t colon = cert.rfind(':');
  if (colon != std::string::npos && cert.find('/', colon) == std::string::npos) {
    config.tls.cert_password = cert.substr(colon + 1);
    cert.resize(colon);
  }
  config.tls.cert_file = cert;
  config.tls.key_file = options.key;
  config.proxy.proxy = options.proxy;
  config.proxy.noproxy = options.noproxy;
  config.proxy.http_proxy = environment("http_proxy", "HTTP_PROXY");
  config.proxy.https_proxy = environment("https_proxy", "HTTPS_PROXY");
  config.proxy.no_proxy = environment("no_proxy", "NO_PROXY");
}

// --resolve, --connect-to, --unix-socket, -4, -6: every entry is checked before any request
// (exit 49, as curl).
Error set_connect_rules(const ConnectOptions& c, EngineConfig& config) {
  ConnectRules& rules = config.connect;
  for (const std::string& text : c.resolve) {
    Result<ResolveEntry> entry = parse_resolve_entry(text);
    if (!entry) return entry.error();
    rules.resolve.push_back(std::move(*entry));
  }
  for (const std::string& text : c.connect_to) {
    Result<ConnectToEntry> entry = parse_connect_to_entry(text);
    if (!entry) return entry.error();
    rules.connect_to.push_back(std::move(*entry));
  }
  rules.unix_socket = c.unix_socket;
  rules.abstract_unix = c.abstract_unix;
  rules.family = c.ip_version == 4 ? IpFamily::V4 : c.ip_version == 6 ? IpFamily::V6 : IpFamily::Any;
  if (!c.unix_socket.empty()) config.proxy.proxy = "";  // curl ignores proxies then
  return Error();
}

// -r, --limit-rate, --max-filesize (the -C offsets come from the body writer, in run()).
void set_limits(const Options& options, EngineConfig& config) {
  const ConnectOptions& c = options.connect;
  config.limits.range = c.range;
  if (!c.range.empty() && c.range.find_first_not_of("0123456789") == std::string::npos) {
    if (!options.silent)
      std::fprintf(stderr, "kurl: warning: a range must include a dash (-): appending one\n");
    config.limits.range += '-';  // "-r 500" means 500- in curl too
  }
  config.limits.limit_rate = c.limit_rate;
  config.limits.max_filesize = c.max_filesize;
  // curl sends such a range as it is, after this warning.
  bool odd = c.range.find_first_not_of("0123456789-,") != std::string::npos;
  if (odd && !options.silent) {
    std::fprintf(stderr,
                 "kurl: warning: invalid character in the range '%s': a range has only digits "
                 "in 'start'-'stop'; the server's answer is uncertain\n",
                 printable(c.range).c_str());
  }
}

// -n, --netrc-file, --netrc-optional. A file that cannot be read is no error for curl: the run
// goes on without netrc credentials (kurl says so for a file the user named).
void set_netrc(const Options& options, CredentialSettings& credentials) {
  const MiscOptions& misc = options.misc;
  if (!misc.netrc && !misc.netrc_optional && misc.netrc_file.empty()) return;
  credentials.netrc = misc.netrc_optional ? CredentialSettings::Netrc::Optional
                                          : CredentialSettings::Netrc::Required;
  std::string unread = load_netrc(misc.netrc_file, credentials);
  if (!unread.empty() && !misc.netrc_file.empty() && !options.silent)
    std::fprintf(stderr, "kurl: warning: %s; no netrc credentials sent\n",
                 printable(unread).c_str());
}

// --oauth2-bearer (it wins over -u, as in curl), --location-trusted (-L too), --post30x,
// --path-as-is, -0 and --no-keepalive.
Error set_misc_request_options(const Options& options, EngineConfig& config) {
  const MiscOptions& misc = options.misc;
  if (misc.oauth2_bearer) {
    if (misc.basic) {
      // curl then sends neither and waits for the server's 401 to choose, which kurl does not do.
      return Error(ExitCode::Usage,
                   "--basic and --oauth2-bearer together ask for "
                   "authentication negotiation, which kurl does not do");
    }
    if (!is_field_value(*misc.oauth2_bearer))
      return Error(ExitCode::Usage,
                   "--oauth2-bearer: contains a control character (CR, LF, NUL...)");
    config.header_defaults.authorization = "Bearer " + *misc.oauth2_bearer;
  }
  config.follow_redirects = options.follow || misc.location_trusted;
  config.redirect = {misc.location_trusted, misc.post301, misc.post302, misc.post303,
                     !options.method.empty(),
                     misc.path_as_is ? DotSegments::Keep : DotSegments::Remove};
  config.http10 = misc.http10;
  if (misc.no_keepalive) config.tcp_keepalive = 0;
  return Error();
}

}  // namespace

Result<EngineConfig> make_engine_config(const Options& options) {
  EngineConfig config;
  config.method = options.method;
  config.head_only = options.head;
  // --compressed asks first, so a -H Accept-Encoding still has the last word, as in curl.
  if (options.scripts.compressed) config.header_edits.push_back({"Accept-Encoding", kAcceptEncoding});
  config.decode_bodies = options.scripts.compressed;
  for (const std::string& header : options.headers) {
    std::optional<HeaderEdit> edit = parse_header_edit(header);
    if (!edit) return Error(ExitCode::Usage, "bad header '" + header + "': expected 'Name: value'");
    config.header_edits.push_back(std::move(*edit));
  }
  config.header_defaults.user_agent =
      options.user_agent_set ? options.user_agent : default_user_agent();
  config.header_defaults.referer = options.referer;
  if (!options.user.empty()) {
    // -u USER without ':' means an empty password (curl would prompt; kurl never blocks).
    std::string credentials =
        options.user.find(':') == std::string::npos ? options.user + ":" : options.user;
    config.header_defaults.authorization = "Basic " + base64_encode(credentials);
  }
  set_netrc(options, config.credentials);
  std::vector<std::string> warnings;
  Error body_error = make_run_body(options, config, warnings);
  if (!body_error.ok()) return body_error;
  if (!options.silent) {
    for (const std::string& warning : warnings)
      std::fprintf(stderr, "kurl: warning: %s\n", printable(warning).c_str());
  }
  config.max_redirects = options.max_redirects;
  config.fail_on_http_error = options.fail;
  config.fail_with_body = options.fail_with_body;
  Result<Expectations> expect = compile_run_expectations(
      options.expect_status, options.expect_headers, options.expect_body, options.expect_time);
  if (!expect) return expect.error();
  config.expect = std::move(*expect);
  config.expect_body_limit = options.expect_body_limit;
  config.max_time = options.max_time;
  config.connect_timeout = options.connect_timeout;
  // Retries (curl's).
  config.retry.retries = static_cast<int>(options.retry);
  config.retry.delay = options.retry_delay;
  config.retry.max_time = options.retry_max_time;
  config.retry.all_errors = options.retry_all_errors;
  config.retry.connrefused = options.retry_connrefused;
  config.replay = *parse_replay_rule(options.replay);  // the CLI accepts only the three words
  config.keepalive = options.keepalive;
  config.max_per_host = options.max_per_host > 0 ? options.max_per_host : options.parallel;
  config.max_requests_per_conn = options.max_requests_per_conn;
  config.tcp_keepalive = options.tcp_keepalive;
  config.parallel = options.parallel;
  config.pipeline = options.pipeline;
  config.parallel_immediate = options.scripts.parallel_immediate;
  config.rate = options.rate;
  if (Error refused = set_misc_request_options(options, config); !refused.ok()) return refused;
  set_tls_and_proxy(options, config);
  if (Error bad = set_connect_rules(options.connect, config); !bad.ok()) return bad;
  set_limits(options, config);
  // -b NAME=VALUE arguments, joined with ';' as curl joins them.
  for (const std::string& literal : options.cookies.literal)
    config.cookies.literal += (config.cookies.literal.empty() ? "" : ";") + literal;
  if (Error refused = check_request_inputs(config, options.user); !refused.ok()) return refused;
  return config;
}

}  // namespace kurl
