// Which credentials a request's hop sends from kurl's own settings: the URL's user
// information and the netrc file (-n, --netrc-file, --netrc-optional).
#pragma once

#include <string>

#include "core/result.h"
#include "core/url.h"

namespace kurl {

/// The netrc settings of a run, its file read before the first request.
struct CredentialSettings {
  /// -n/--netrc and --netrc-file: the file's entry wins over the URL's password;
  /// --netrc-optional: a URL with a user and a password keeps them.
  enum class Netrc { Off, Required, Optional };
  Netrc netrc = Netrc::Off;
  std::string netrc_file;  ///< the file's name, for messages
  std::string netrc_text;  ///< its content; "" when it could not be read (curl then sends none)
};

/// The Authorization value the hop to `url` sends when neither -u nor --oauth2-bearer is
/// given, "" for none. As curl 7.88: the entry is looked up by the hop's own host (a redirect
/// to another host gets that host's entry, never the first host's); the URL's user name,
/// when it has one, replaces the entry's login; without an entry, the URL's user
/// information. Errors: exit 26 for a netrc file curl cannot parse (core/netrc.h).
Result<std::string> hop_authorization(const CredentialSettings& settings, const Url& url);

/// Reads the netrc file before the run: `file`, or $HOME/.netrc when "". Fills
/// `settings.netrc_file` and `netrc_text`; returns why it could not be read ("" when it
/// could), which is no error for curl: the run goes on and sends no netrc credentials.
std::string load_netrc(const std::string& file, CredentialSettings& settings);

}  // namespace kurl
