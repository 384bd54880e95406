// Status expectations ("200", "200,204", "2xx") from a batch line's expect_status.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace kurl {

/// True when `status` matches one item of the comma-separated list: an exact code or a
/// class like "2xx". An empty list matches everything.
bool status_matches(std::string_view list, int status);

/// The failure for a status that did not match (exit 22), naming what was wanted and what came.
Error status_expectation_failure(std::string_view list, int status);

}  // namespace kurl
