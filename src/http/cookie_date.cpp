#include "http/cookie_date.h"

#include "core/text.h"

namespace kurl {

namespace {

bool is_delimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) ||
         (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads 1 to `max_digits` digits at `pos` into `value`; false when fewer than `min_digits`.
bool read_digits(std::string_view token, size_t& pos, size_t min_digits, size_t max_digits,
                 int& value) {
  size_t start = pos;
  value = 0;
  while (pos < token.size() && pos - start < max_digits && is_digit(token[pos]))
    value = value * 10 + (token[pos++] - '0');
  return pos - start >= min_digits;
}

// The rest of a token after its number: anything but another digit.
bool rest_is_not_digit(std::string_view token, size_t pos) {
  return pos == token.size() || !is_digit(token[pos]);
}

// hms-time = time-field ":" time-field ":" time-field, then non-digits.
bool read_time(std::string_view token, int& hour, int& minute, int& second) {
  size_t pos = 0;
  int h = 0, m = 0, s = 0;
  if (!read_digits(token, pos, 1, 2, h) || pos >= token.size() || token[pos++] != ':') return false;
  if (!read_digits(token, pos, 1, 2, m) || pos >= token.size() || token[pos++] != ':') return false;
  if (!read_digits(token, pos, 1, 2, s) || !rest_is_not_digit(token, pos)) return false;
  hour = h;
  minute = m;
  second = s;
  return true;
}

bool read_number(std::string_view token, size_t min_digits, size_t max_digits, int& value) {
  size_t pos = 0;
  return read_digits(token, pos, min_digits, max_digits, value) && rest_is_not_digit(token, pos);
}

// 1-12 for a token starting with a month's three-letter name, 0 otherwise.
int month_of(std::string_view token) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (iequals(token.substr(0, 3), kMonths[i])) return i + 1;
  }
  return 0;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t year_of_era = year - era * 400;
  int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

}  // namespace

std::optional<int64_t> parse_cookie_date(std::string_view text) {
  int hour = -1, minute = 0, second = 0, day = -1, month = 0, year = -1;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_delimiter(static_cast<unsigned char>(text[pos]))) ++pos;
    size_t start = pos;
    while (pos < text.size() && !is_delimiter(static_cast<unsigned char>(text[pos]))) ++pos;
    std::string_view token = text.substr(start, pos - start);
    if (token.empty()) break;
    int value = 0;
    // Each kind of field is taken from the first token that has its shape (5.1.1 step 2).
    if (hour < 0 && read_time(token, hour, minute, second)) continue;
    if (day < 0 && read_number(token, 1, 2, value)) {
      day = value;
    } else if (month == 0 && month_of(token) != 0) {
      month = month_of(token);
    } else if (year < 0 && read_number(token, 2, 4, value)) {
      year = value;
    }
  }
  if (year >= 70 && year <= 99) year += 1900;
  if (year >= 0 && year <= 69) year += 2000;
  if (hour < 0 || day < 1 || month == 0 || year < 1601 || hour > 23 || minute > 59 || second > 59 ||
      day > days_in_month(year, month)) {
    return std::nullopt;
  }
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace kurl
