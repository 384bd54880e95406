#include "core/netrc.h"

#include "core/text.h"

namespace kurl {

namespace {

enum class Scope { Nothing, MachineName, OurHost, Macro };
enum class Expecting { Keyword, Login, Password };

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_space(char c) {
  return is_blank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// One token of `line` from `pos`: unquoted up to the next space, or a quoted value with
// its escapes. `end` is left past the token (after a closing quote: past the quote).
// False for a quote that does not close on this line.
bool read_token(std::string_view line, size_t pos, std::string& token, size_t& end) {
  token.clear();
  if (line[pos] != '"') {
    end = pos;
    while (end < line.size() && !is_space(line[end])) ++end;
    token.assign(line.substr(pos, end - pos));
    return true;
  }
  for (end = pos + 1; end < line.size(); ++end) {
    char c = line[end];
    if (c == '"') {
      ++end;
      return true;
    }
    if (c == '\\') {
      if (++end == line.size()) return false;
      c = line[end];
      c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
    }
    token.push_back(c);
  }
  return false;
}

}  // namespace

Result<std::optional<NetrcEntry>> netrc_lookup(std::string_view text, std::string_view host,
                                               std::string_view file) {
  Scope scope = Scope::Nothing;
  Expecting expecting = Expecting::Keyword;
  bool found = false, have_login = false, have_password = false;
  NetrcEntry entry;
  std::string token;
  size_t line_number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t newline = text.find('\n', start);
    size_t stop = newline == std::string_view::npos ? text.size() : newline;
    std::string_view line = text.substr(start, stop - start);
    start = stop + 1;
    ++line_number;
    if (scope == Scope::Macro) {
      if (!line.empty() && line.front() != '\r') continue;  // a macro ends at an empty line
      scope = Scope::Nothing;
    }
    for (size_t pos = 0;;) {
      while (pos < line.size() && (is_blank(line[pos]) || line[pos] == '\r')) ++pos;
      if (pos >= line.size() || line[pos] == '#') break;  // the rest is a comment
      size_t end = 0;
      if (!read_token(line, pos, token, end)) {
        return Error(ExitCode::ReadError, "netrc file " + std::string(file) + " line " +
                                              std::to_string(line_number) +
                                              ": a quoted value has no closing quote");
      }
      if (!entry.login.empty() && !entry.password.empty()) return std::optional(entry);
      switch (scope) {
        case Scope::Macro:  // the rest of the "macdef NAME" line
          break;
        case Scope::Nothing:
          if (iequals(token, "macdef")) {
            scope = Scope::Macro;
          } else if (iequals(token, "machine")) {
            scope = Scope::MachineName;
          } else if (iequals(token, "default")) {
            scope = Scope::OurHost;
            found = true;
          }
          break;
        case Scope::MachineName:
          scope = iequals(token, host) ? Scope::OurHost : Scope::Nothing;
          found = found || scope == Scope::OurHost;
          break;
        case Scope::OurHost:
          if (expecting == Expecting::Login) {
            entry.login = token;
            have_login = true;
            expecting = Expecting::Keyword;
          } else if (expecting == Expecting::Password) {
            entry.password = token;
            have_password = true;
            expecting = Expecting::Keyword;
          } else if (iequals(token, "login")) {
            expecting = Expecting::Login;
          } else if (iequals(token, "password")) {
            expecting = Expecting::Password;
          } else if (iequals(token, "machine")) {
            scope = Scope::MachineName;
          }
          break;
      }
      pos = end + 1;  // curl steps over the character after each token, whatever it is
    }
  }
  if (!found || (!have_login && !have_password)) return std::optional<NetrcEntry>();
  return std::optional(entry);
}

}  // namespace kurl
