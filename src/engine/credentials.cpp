#include "engine/credentials.h"

#include "core/base64.h"
#include "core/file_io.h"
#include "core/netrc.h"

namespace kurl {

namespace {

/// How long a netrc file that is a FIFO may keep kurl waiting before the run.
constexpr int kNetrcReadTimeoutMs = 10000;

}  // namespace

Result<std::string> hop_authorization(const CredentialSettings& settings, const Url& url) {
  std::string url_credentials = url.has_userinfo ? basic_authorization(url) : std::string();
  if (settings.netrc == CredentialSettings::Netrc::Off) return url_credentials;
  Result<std::optional<NetrcEntry>> entry =
      netrc_lookup(settings.netrc_text, url.host, settings.netrc_file);
  if (!entry) return entry.error();
  if (!entry->has_value()) return url_credentials;
  bool url_password = url.has_userinfo && !url.password.empty();
  if (settings.netrc == CredentialSettings::Netrc::Optional && url_password) return url_credentials;
  std::string login =
      url.has_userinfo && !url.user.empty() ? percent_decode(url.user) : (*entry)->login;
  return "Basic " + base64_encode(login + ":" + (*entry)->password);
}

std::string load_netrc(const std::string& file, CredentialSettings& settings) {
  settings.netrc_file = file;
  if (file.empty()) {
    std::string home = home_directory();
    if (home.empty()) return "no home directory to find .netrc in";
    settings.netrc_file = home + "/.netrc";
  }
  Result<std::string> text =
      read_file_bounded(settings.netrc_file, kNetrcReadTimeoutMs, ExitCode::ReadError);
  if (!text) return text.error().message;
  settings.netrc_text = std::move(*text);
  return "";
}

}  // namespace kurl
