// --junit=FILE: a JUnit XML report as GitLab, Jenkins and GitHub's test reporters read it.
// One <testcase> per request (and per skipped request and run threshold) inside one
// <testsuite name="kurl">. The testcases are spooled to an anonymous temporary file as
// requests end, so memory stays flat for any batch; the report is assembled at the end under
// a temporary name beside FILE and renamed into place, so FILE is whole or untouched.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/observer.h"
#include "output/file_output.h"
#include "output/output_channel.h"
#include "output/thresholds.h"

namespace kurl {

/// Appends `text` as XML 1.0 character data that is also safe inside a quoted attribute:
/// markup characters and tab, line feed and carriage return become references, characters
/// XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) are dropped, and bytes that are not
/// valid UTF-8 become U+FFFD, so the document always parses.
void append_xml_escaped(std::string& out, std::string_view text);

/// Collects the testcases of a run and writes the report at the end.
class JunitWriter final : public Observer {
 public:
  /// Opens FILE's temporary sibling and the spool now, so a report that cannot be written
  /// fails the run before any request (exit 23). `timestamp` is the run's start
  /// ("2026-12-07T16:45:28", UTC), `hostname` this machine's name.
  static Result<std::unique_ptr<JunitWriter>> open(const std::string& path, std::string timestamp,
                                                   std::string hostname);
  ~JunitWriter() override;
  JunitWriter(const JunitWriter&) = delete;
  JunitWriter& operator=(const JunitWriter&) = delete;

  /// A finished request: passed, <failure> (a failed expectation, or -f on an HTTP error)
  /// or <error> (a transport error, curl's code in `type`), with a <flakyFailure> for each
  /// failed attempt before the last.
  void on_transfer_end(const TransferResult& e) override;
  Error stop_reason() const override { return spool_.error(); }
  /// A request --fail-early never started: a testcase with <skipped/>.
  void add_skipped(std::string_view classname, std::string_view name);
  /// A run threshold: a testcase of classname "kurl.run", a <failure> when it failed.
  void add_threshold(const ThresholdVerdict& verdict);
  /// Writes the report with the suite's `seconds` and renames it into place. Errors: 23.
  Error finish(double seconds);

 private:
  JunitWriter(std::string path, int spool_fd, std::string timestamp, std::string hostname);
  void open_testcase(std::string_view classname, std::string_view name, double seconds);
  void add_result(const char* element, std::string_view type, std::string_view message);
  Error copy_spool(FileOutput& report);

  std::string path_;
  int spool_fd_;
  OutputChannel spool_;  ///< the <testcase> elements, in the order requests ended
  FileOutput report_;
  bool report_open_ = true;  ///< report_ still needs finish()
  std::string timestamp_;
  std::string hostname_;
  std::string scratch_;  ///< one testcase, reused
  uint64_t tests_ = 0, failures_ = 0, errors_ = 0, skipped_ = 0;
};

/// Now as a JUnit timestamp: "2026-12-07T16:45:28" in UTC.
std::string junit_timestamp_now();
/// This machine's host name, "localhost" when it has none.
std::string junit_hostname();

}  // namespace kurl
