#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/flag_suggestion.h"

TEST_CASE("flag suggestion: edit distance counts inserts, deletes, substitutions and swaps") {
  CHECK(kurl::edit_distance("", "") == 0);
  CHECK(kurl::edit_distance("verbose", "verbose") == 0);
  CHECK(kurl::edit_distance("verbos", "verbose") == 1);    // one letter missing
  CHECK(kurl::edit_distance("verbosee", "verbose") == 1);  // one too many
  CHECK(kurl::edit_distance("verbise", "verbose") == 1);   // one wrong
  CHECK(kurl::edit_distance("verbsoe", "verbose") == 1);   // two swapped
  CHECK(kurl::edit_distance("kitten", "sitting") == 3);
  CHECK(kurl::edit_distance("", "abc") == 3);
  CHECK(kurl::edit_distance("abc", "") == 3);
}

TEST_CASE("flag suggestion: the nearest name, or none when nothing is close") {
  std::vector<std::string> names = {"verbose", "version", "keepalive", "max-per-host", "url"};
  CHECK(kurl::nearest_name("verbos", names) == "verbose");
  CHECK(kurl::nearest_name("versoin", names) == "version");
  CHECK(kurl::nearest_name("keep-alive", names) == "keepalive");
  CHECK(kurl::nearest_name("max-per-hots", names) == "max-per-host");
  CHECK(kurl::nearest_name("ulr", names) == "url");
  // Too far to be a typo: no guess.
  CHECK(kurl::nearest_name("colour", names).empty());
  CHECK(kurl::nearest_name("xyz", names).empty());
  CHECK(kurl::nearest_name("verbos", {}).empty());
  // Short names bear one edit only: "ab" is not "url".
  CHECK(kurl::nearest_name("ab", names).empty());
  // A tie goes to the earlier candidate.
  CHECK(kurl::nearest_name("versio", {"version", "versiox"}) == "version");
}
