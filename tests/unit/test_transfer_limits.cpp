// -C's verdict on a response and the size units of --limit-rate and --max-filesize.
#include <catch2/catch.hpp>

#include "cli/connect_flags.h"
#include "engine/transfer.h"
#include "engine/transfer_limits.h"

using kurl::judge_resume;
using kurl::ResumeVerdict;

TEST_CASE("resume verdict as curl's") {
  CHECK(judge_resume(0, 200, false, 10) == ResumeVerdict::Continue);  // not resuming
  CHECK(judge_resume(100, 206, true, 50) == ResumeVerdict::Continue);
  CHECK(judge_resume(100, 200, true, 50) == ResumeVerdict::Continue);  // Content-Range decides
  CHECK(judge_resume(100, 416, false, 200) == ResumeVerdict::AlreadyComplete);
  CHECK(judge_resume(100, 200, false, 100) == ResumeVerdict::AlreadyComplete);
  CHECK(judge_resume(100, 200, false, 150) == ResumeVerdict::RangeIgnored);
  CHECK(judge_resume(100, 200, false, std::nullopt) == ResumeVerdict::RangeIgnored);
  CHECK(judge_resume(100, 404, false, 9) == ResumeVerdict::RangeIgnored);
}

TEST_CASE("range header: -C wins over -r, only on GET and HEAD") {
  kurl::LimitSettings settings;
  settings.range = "0-99";
  kurl::Transfer transfer;
  transfer.request.method = "GET";
  CHECK(kurl::range_for(settings, transfer) == "bytes=0-99");
  transfer.request.method = "POST";
  CHECK(kurl::range_for(settings, transfer).empty());
  kurl::Transfer resumed;
  resumed.spec.index = 7;
  resumed.request.method = "HEAD";
  settings.resume_offset_of = [](uint64_t index) { return index * 100; };
  CHECK(kurl::range_for(settings, resumed) == "bytes=700-");
  kurl::Transfer fresh;
  fresh.request.method = "GET";
  settings.resume_offset_of = [](uint64_t) { return 0; };
  CHECK(kurl::range_for(settings, fresh) == "bytes=0-99");  // nothing to resume: -r holds
}

TEST_CASE("size units: K, M, G, B") {
  CHECK(kurl::parse_size_with_unit("100") == 100u);
  CHECK(kurl::parse_size_with_unit("100K") == 102400u);
  CHECK(kurl::parse_size_with_unit("1m") == 1048576u);
  CHECK(kurl::parse_size_with_unit("1G") == 1073741824u);
  CHECK(kurl::parse_size_with_unit("12B") == 12u);
  for (const char* bad : {"", "1.5M", "1X", "1KB", "-1", "K", "ten"}) {
    INFO(bad);
    CHECK_FALSE(kurl::parse_size_with_unit(bad));
  }
}

TEST_CASE("limit-rate reads a sixteenth of a second's worth at once") {
  CHECK(kurl::read_piece_for_rate(0) == 0u);  // no limit: the whole read buffer
  CHECK(kurl::read_piece_for_rate(1) == 1u);
  CHECK(kurl::read_piece_for_rate(1048576) == 65536u);
}
