#include "core/redact.h"

#include "core/text.h"

namespace kurl {

namespace {

// Where the authority of the URL `text` starts with begins: after "scheme://" when the text
// starts with a scheme, else at 0 (parse_url reads a URL without a scheme as http).
size_t leading_authority_start(std::string_view text) {
  size_t separator = text.find("://");
  if (separator == std::string_view::npos || separator == 0) return 0;
  if (!(text[0] >= 'a' && text[0] <= 'z') && !(text[0] >= 'A' && text[0] <= 'Z')) return 0;
  for (size_t i = 1; i < separator; ++i) {
    if (!is_scheme_char(text[i])) return 0;
  }
  return separator + 3;
}

// The end of the userinfo (just past its '@') of the authority at `start`, or `start`.
size_t userinfo_end(std::string_view text, size_t start) {
  size_t authority_end = text.find_first_of("/?#", start);
  // npos - start is still past the end: the authority then runs to the end of the text.
  std::string_view authority = text.substr(start, authority_end - start);
  size_t at = authority.rfind('@');
  return at == std::string_view::npos ? start : start + at + 1;
}

}  // namespace

void append_without_credentials(std::string& out, std::string_view text) {
  if (text.find('@') == std::string_view::npos) {
    out.append(text);
    return;
  }
  size_t copied = 0;
  size_t authority = leading_authority_start(text);
  while (true) {
    out.append(text.substr(copied, authority - copied));
    copied = userinfo_end(text, authority);
    size_t next = text.find("://", copied);
    if (next == std::string_view::npos) break;
    authority = next + 3;
  }
  out.append(text.substr(copied));
}

std::string without_credentials(std::string_view text) {
  std::string out;
  append_without_credentials(out, text);
  return out;
}

}  // namespace kurl
