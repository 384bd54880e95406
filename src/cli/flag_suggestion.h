// The nearest known name to a mistyped one, for "did you mean --verbose?".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kurl {

/// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: the
/// optimal string alignment distance, so "--verbsoe" is 1 from "--verbose".
size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `typed`, or "" when none is close enough to be what was meant:
/// at most 1 edit for names of up to 4 characters, 2 up to 8, else 3. Ties go to the
/// earliest candidate.
std::string nearest_name(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace kurl
