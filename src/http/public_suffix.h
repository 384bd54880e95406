// Public suffixes: the domains under which anyone may register a name (com, co.uk,
// github.io), so that no cookie may be set for one of them. A built-in list of the common
// suffixes, not the full Public Suffix List (which libpsl would bring).
#pragma once

#include <string_view>

namespace kurl {

/// True when `domain` (lower-case, no leading dot) is a public suffix: one label alone (the
/// list's implicit "*" rule: com, test, localhost) or a multi-label suffix of the built-in list.
bool is_public_suffix(std::string_view domain);

/// libpsl's psl_is_cookie_domain_acceptable, which curl asks: may `host` set a cookie for
/// `domain` (both lower-case, no leading dot)? Yes when they are equal, or when `domain` is a
/// dot-separated tail of `host` longer than the longest public suffix `host` ends in.
bool cookie_domain_acceptable(std::string_view host, std::string_view domain);

}  // namespace kurl
