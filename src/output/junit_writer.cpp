#include "output/junit_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "core/file_io.h"

namespace kurl {

namespace {

/// Read back in pieces of this size when the report is assembled.
constexpr size_t kCopyBytes = 64 * 1024;

// The length of the valid UTF-8 sequence at the start of `s` (1-4) and its code point, or 0
// for an invalid, overlong, surrogate or out-of-range one.
size_t utf8_sequence(std::string_view s, uint32_t& code_point) {
  auto byte = [&s](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char lead = byte(0);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (length == 0 || length > s.size()) return 0;
  constexpr uint32_t kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  code_point = lead & kLeadMask[length];
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i) & 0x3F);
  }
  constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

// XML 1.0's Char production, for the code points a valid UTF-8 sequence can hold.
bool allowed_in_xml(uint32_t c) {
  if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
  return c != 0xFFFE && c != 0xFFFF;
}

std::string seconds_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", seconds < 0 ? 0.0 : seconds);
  return buf;
}

std::string attribute(const char* name, std::string_view value) {
  std::string out = std::string(" ") + name + "=\"";
  append_xml_escaped(out, value);
  return out + "\"";
}

// The message of a failure as kurl prints it: "(7) Failed to connect to ...".
std::string coded_message(const Error& error) {
  return "(" + std::to_string(error.exit_code()) + ") " + error.message;
}

}  // namespace

void append_xml_escaped(std::string& out, std::string_view text) {
  while (!text.empty()) {
    uint32_t c = 0;
    size_t length = utf8_sequence(text, c);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid sequence
      text.remove_prefix(1);
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      // As references they survive attribute-value normalisation (which turns them to spaces).
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (allowed_in_xml(c)) out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
}

std::string junit_timestamp_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  return buf;
}

std::string junit_hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

Result<std::unique_ptr<JunitWriter>> JunitWriter::open(const std::string& path,
                                                       std::string timestamp,
                                                       std::string hostname) {
  Result<int> spool = create_unlinked_temp_file("the JUnit report");
  if (!spool) return spool.error();
  std::unique_ptr<JunitWriter> writer(
      new JunitWriter(path, *spool, std::move(timestamp), std::move(hostname)));
  // Index 0 names the temporary file: request indexes start at 1, so it never collides
  // with a body written beside it.
  if (Error error = writer->report_.open(path, 0, false); !error.ok()) {
    writer->report_open_ = false;
    return error;
  }
  return writer;
}

JunitWriter::JunitWriter(std::string path, int spool_fd, std::string timestamp,
                         std::string hostname)
    : path_(std::move(path)),
      spool_fd_(spool_fd),
      spool_(spool_fd, "the JUnit report to " + path_),
      timestamp_(std::move(timestamp)),
      hostname_(std::move(hostname)) {}

JunitWriter::~JunitWriter() {
  bool kept = false;
  if (report_open_) report_.finish(false, kept);  // never finished: leave nothing behind
  ::close(spool_fd_);
}

void JunitWriter::open_testcase(std::string_view classname, std::string_view name, double seconds) {
  ++tests_;
  scratch_ = "    <testcase";
  scratch_ += attribute("classname", classname.empty() ? std::string_view("kurl") : classname);
  scratch_ += attribute("name", name);
  scratch_ += attribute("time", seconds_text(seconds));
  scratch_ += ">\n";
}

void JunitWriter::add_result(const char* element, std::string_view type, std::string_view message) {
  scratch_ += std::string("      <") + element + attribute("message", message);
  if (!type.empty()) scratch_ += attribute("type", type);
  scratch_ += ">";
  append_xml_escaped(scratch_, message);
  scratch_ += std::string("</") + element + ">\n";
}

void JunitWriter::on_transfer_end(const TransferResult& e) {
  std::string name = e.name.empty() ? e.method + " " + e.url : e.name;
  open_testcase(e.origin, name, e.time_total);
  for (const Error& attempt : e.failed_attempts)
    add_result("flakyFailure", std::to_string(attempt.exit_code()), coded_message(attempt));
  if (!e.error.ok()) {
    // A wrong answer is a failure; no usable answer (curl's transport codes) is an error.
    bool wrong_answer = e.expectation_failed || e.error.code == ExitCode::HttpError;
    ++(wrong_answer ? failures_ : errors_);
    add_result(wrong_answer ? "failure" : "error", std::to_string(e.error.exit_code()),
               coded_message(e.error));
  }
  scratch_ += "    </testcase>\n";
  spool_.write(scratch_);
}

void JunitWriter::add_skipped(std::string_view classname, std::string_view name) {
  ++skipped_;
  open_testcase(classname, name, 0);
  scratch_ += "      <skipped message=\"not started: --fail-early stopped the run\"/>\n";
  scratch_ += "    </testcase>\n";
  spool_.write(scratch_);
}

void JunitWriter::add_threshold(const ThresholdVerdict& verdict) {
  open_testcase("kurl.run", verdict.name, 0);
  if (!verdict.passed) {
    ++failures_;
    add_result("failure", "threshold", verdict.message);
  }
  scratch_ += "    </testcase>\n";
  spool_.write(scratch_);
}

Error JunitWriter::copy_spool(FileOutput& report) {
  if (!spool_.flush()) return spool_.error();
  std::string buffer(kCopyBytes, '\0');
  for (off_t offset = 0;;) {
    ssize_t n = ::pread(spool_fd_, buffer.data(), buffer.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Error(ExitCode::WriteError, "failure writing the JUnit report to " + path_ +
                                             ": cannot read its spool: " + std::strerror(errno));
    }
    if (n == 0) return Error();
    if (Error error = report.write(std::string_view(buffer.data(), static_cast<size_t>(n)));
        !error.ok())
      return error;
    offset += n;
  }
}

Error JunitWriter::finish(double seconds) {
  std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites";
  std::string counts = attribute("tests", std::to_string(tests_)) +
                       attribute("failures", std::to_string(failures_)) +
                       attribute("errors", std::to_string(errors_)) +
                       attribute("skipped", std::to_string(skipped_)) +
                       attribute("time", seconds_text(seconds));
  head += attribute("name", "kurl") + counts + ">\n  <testsuite" + attribute("name", "kurl") +
          counts + attribute("timestamp", timestamp_) + attribute("hostname", hostname_) + ">\n";
  Error error = report_.write(head);
  if (error.ok()) error = copy_spool(report_);
  if (error.ok()) error = report_.write("  </testsuite>\n</testsuites>\n");
  bool kept = false;
  report_open_ = false;
  Error finished = report_.finish(error.ok(), kept);
  return error.ok() ? finished : error;
}

}  // namespace kurl
