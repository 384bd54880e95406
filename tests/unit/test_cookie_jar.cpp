#include <catch2/catch.hpp>
#include <string>

#include "http/cookie_date.h"
#include "http/cookie_file.h"
#include "http/cookie_jar.h"
#include "http/public_suffix.h"
#include "http/set_cookie.h"

namespace {

using kurl::CookieJar;
using kurl::CookieOrigin;

constexpr int64_t kNow = 1700000000;  // 2023-11-14

CookieOrigin from(std::string_view host, std::string_view target = "/", bool secure = false) {
  CookieOrigin origin;
  origin.host = host;
  origin.target = target;
  origin.secure = secure;
  return origin;
}

// The Cookie header value a request to host/target would carry.
std::string sent(CookieJar& jar, std::string_view host, std::string_view target = "/",
                 bool secure = false, int64_t now = kNow) {
  std::string out;
  jar.append_cookie_header(host, target, secure, now, out);
  return out;
}

}  // namespace

TEST_CASE("cookies: a host-only cookie goes to its host alone") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("a=1", from("www.example.com"), kNow));
  CHECK(sent(jar, "www.example.com") == "a=1");
  CHECK(sent(jar, "WWW.Example.COM") == "a=1");
  CHECK(sent(jar, "sub.www.example.com").empty());
  CHECK(sent(jar, "example.com").empty());
  CHECK(sent(jar, "other.com").empty());
}

TEST_CASE("cookies: a Domain cookie goes to the domain and its subdomains") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("a=1; Domain=.example.com", from("www.example.com"), kNow));
  CHECK(sent(jar, "example.com") == "a=1");
  CHECK(sent(jar, "deep.www.example.com") == "a=1");
  CHECK(sent(jar, "badexample.com").empty());
  CHECK(sent(jar, "example.com.evil").empty());
}

TEST_CASE("cookies: a Domain the host is not within is refused") {
  CookieJar jar;
  CHECK_FALSE(jar.add_set_cookie("a=1; Domain=other.com", from("www.example.com"), kNow));
  CHECK_FALSE(jar.add_set_cookie("a=1; Domain=ample.com", from("www.example.com"), kNow));
  CHECK_FALSE(jar.add_set_cookie("a=1; Domain=sub.www.example.com", from("www.example.com"), kNow));
  CHECK(jar.size() == 0);
}

TEST_CASE("cookies: public suffixes are refused as cookie domains") {
  CookieJar jar;
  CHECK_FALSE(jar.add_set_cookie("a=1; Domain=com", from("example.com"), kNow));
  CHECK_FALSE(jar.add_set_cookie("a=1; Domain=co.uk", from("shop.co.uk"), kNow));
  CHECK_FALSE(jar.add_set_cookie("a=1; Domain=github.io", from("me.github.io"), kNow));
  CHECK(jar.add_set_cookie("a=1; Domain=shop.co.uk", from("www.shop.co.uk"), kNow));
  CHECK(jar.add_set_cookie("b=1; Domain=me.github.io", from("me.github.io"), kNow));
  CHECK(kurl::is_public_suffix("com"));
  CHECK(kurl::is_public_suffix("herokuapp.com"));
  CHECK_FALSE(kurl::is_public_suffix("example.com"));
  CHECK(kurl::cookie_domain_acceptable("localhost", "localhost"));
  CHECK_FALSE(kurl::cookie_domain_acceptable("a.localhost", "localhost"));
}

TEST_CASE("cookies: an address host gets host-only cookies only") {
  CookieJar jar;
  CHECK_FALSE(jar.add_set_cookie("a=1; Domain=0.0.1", from("127.0.0.1"), kNow));
  REQUIRE(jar.add_set_cookie("a=1; Domain=127.0.0.1", from("127.0.0.1"), kNow));
  CHECK(sent(jar, "127.0.0.1") == "a=1");
  CHECK(sent(jar, "localhost").empty());
  CHECK(sent(jar, "1.127.0.0.1").empty());
}

TEST_CASE("cookies: default-path and path matching (RFC 6265 5.1.4)") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("d=1", from("h.example", "/docs/page?q=/x/y"), kNow));
  REQUIRE(jar.add_set_cookie("p=2; Path=/api", from("h.example"), kNow));
  CHECK(sent(jar, "h.example", "/docs") == "d=1");
  CHECK(sent(jar, "h.example", "/docs/other") == "d=1");
  CHECK(sent(jar, "h.example", "/docsx").empty());
  CHECK(sent(jar, "h.example", "/api") == "p=2");
  CHECK(sent(jar, "h.example", "/api/v1?x") == "p=2");
  CHECK(sent(jar, "h.example", "/apix").empty());
  CHECK(sent(jar, "h.example", "/API").empty());  // paths are case-sensitive
  CHECK(kurl::cookie_match_path("\"/p/\"") == "/p");
  CHECK(kurl::cookie_match_path("relative") == "/");
}

TEST_CASE("cookies: Secure ones go only to a secure context, and only one may set them") {
  CookieJar jar;
  CHECK_FALSE(jar.add_set_cookie("s=1; Secure", from("h.example"), kNow));
  REQUIRE(jar.add_set_cookie("s=1; Secure", from("h.example", "/", true), kNow));
  CHECK(sent(jar, "h.example").empty());
  CHECK(sent(jar, "h.example", "/", true) == "s=1");
  CHECK(kurl::is_secure_cookie_context("https", "h.example"));
  CHECK(kurl::is_secure_cookie_context("http", "localhost"));
  CHECK(kurl::is_secure_cookie_context("http", "127.0.0.1"));
  CHECK(kurl::is_secure_cookie_context("http", "::1"));
  CHECK_FALSE(kurl::is_secure_cookie_context("http", "h.example"));
  // A cookie set without Secure over http may not overlay the Secure one.
  CHECK_FALSE(jar.add_set_cookie("s=2", from("h.example"), kNow));
  CHECK_FALSE(jar.add_set_cookie("__Secure-x=1", from("h.example", "/", true), kNow));
  CHECK_FALSE(jar.add_set_cookie("__Host-x=1; Secure; Path=/; Domain=h.example",
                                 from("h.example", "/", true), kNow));
  CHECK(jar.add_set_cookie("__Host-x=1; Secure; Path=/", from("h.example", "/", true), kNow));
}

TEST_CASE("cookies: Expires and Max-Age, Max-Age winning") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("e=1; Expires=Wed, 15 Nov 2023 00:00:00 GMT", from("h"), kNow));
  REQUIRE(jar.add_set_cookie("m=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from("h"),
                             kNow));
  REQUIRE(jar.add_set_cookie("s=1; Expires=not a date", from("h"), kNow));
  CHECK(sent(jar, "h") == "s=1; m=1; e=1");
  CHECK(sent(jar, "h", "/", false, kNow + 61) == "s=1; e=1");
  CHECK(sent(jar, "h", "/", false, kNow + 86400) == "s=1");
  // Max-Age=0 and an Expires in the past delete the cookie.
  REQUIRE(jar.add_set_cookie("s=1; Max-Age=0", from("h"), kNow));
  REQUIRE(jar.add_set_cookie("e=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from("h"), kNow));
  CHECK(sent(jar, "h") == "m=1");
}

TEST_CASE("cookies: cookie-date reads the three HTTP date formats") {
  constexpr int64_t kSunday = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(kurl::parse_cookie_date("Sun, 06 Nov 1994 08:49:37 GMT") == kSunday);
  CHECK(kurl::parse_cookie_date("Sunday, 06-Nov-94 08:49:37 GMT") == kSunday);
  CHECK(kurl::parse_cookie_date("Sun Nov  6 08:49:37 1994") == kSunday);
  CHECK(kurl::parse_cookie_date("Thu, 01 Jan 2099 00:00:00 GMT") == 4070908800);
  CHECK(kurl::parse_cookie_date("Tue, 31 Feb 2023 00:00:00 GMT") == std::nullopt);
  CHECK(kurl::parse_cookie_date("Sun, 06 Nov 1994 25:00:00 GMT") == std::nullopt);
  CHECK(kurl::parse_cookie_date("06 Nov 1994") == std::nullopt);
  CHECK(kurl::parse_cookie_date("") == std::nullopt);
}

TEST_CASE("cookies: the same name, domain and path replace the old cookie") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("a=1", from("h"), kNow));
  REQUIRE(jar.add_set_cookie("a=2", from("h"), kNow));
  REQUIRE(jar.add_set_cookie("A=3", from("h"), kNow));  // curl compares names ignoring case
  CHECK(jar.size() == 1);
  CHECK(sent(jar, "h") == "A=3");
  REQUIRE(jar.add_set_cookie("a=4; Path=/x", from("h"), kNow));
  CHECK(jar.size() == 2);
}

TEST_CASE("cookies: the Cookie header's order: longer paths, domains, names, then newer") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("a=1", from("www.h.example"), kNow));
  REQUIRE(jar.add_set_cookie("b=2", from("www.h.example"), kNow));
  REQUIRE(jar.add_set_cookie("long=3", from("www.h.example"), kNow));
  REQUIRE(jar.add_set_cookie("d=4; Domain=h.example", from("www.h.example"), kNow));
  REQUIRE(jar.add_set_cookie("p=5; Path=/x/y", from("www.h.example"), kNow));
  CHECK(sent(jar, "www.h.example", "/x/y/z") == "p=5; long=3; b=2; a=1; d=4");
}

TEST_CASE("cookies: malformed Set-Cookie values are refused") {
  CookieJar jar;
  for (const char* bad : {"", "novalue", "=1", "a=1\tb", "a\x01=1", ";a=1"}) {
    CAPTURE(bad);
    CHECK_FALSE(jar.add_set_cookie(bad, from("h"), kNow));
  }
  CHECK_FALSE(jar.add_set_cookie(std::string(kurl::kMaxSetCookieLength + 1, 'a'), from("h"), kNow));
  CHECK(jar.add_set_cookie(" a b = 1 2 ; HttpOnly; SameSite=Lax", from("h"), kNow));
  CHECK(sent(jar, "h") == "a b=1 2");
}

TEST_CASE("cookies: Netscape and Set-Cookie lines in a cookie file") {
  CookieJar jar;
  kurl::read_cookie_text(
      "# Netscape HTTP Cookie File\n"
      "\n"
      "#HttpOnly_.h.example\tTRUE\t/\tFALSE\t0\thttponly\t1\n"
      "h.example\tFALSE\t/p\tTRUE\t4070908800\tsecure\t2\r\n"
      "h.example\tFALSE\tFALSE\t0\tsixfields\t3\n"
      "h.example\tFALSE\t/\tFALSE\t0\tempty\n"
      "garbage without tabs\n"
      "h.example\tFALSE\t/\tFALSE\tsoon\tbadexpiry\t4\n"
      "h.example\tFALSE\t/\tFALSE\t5\texpired\t5\n"
      "Set-Cookie: header=6; Domain=h.example\n"
      "set-cookie: anyhost=7\n",
      jar, kNow);
  CHECK(jar.size() == 6);
  CHECK(sent(jar, "www.h.example") == "httponly=1; header=6; anyhost=7");
  CHECK(sent(jar, "h.example", "/p", true) ==
        "secure=2; sixfields=3; httponly=1; empty=; header=6; anyhost=7");
  CHECK(sent(jar, "other.example") == "anyhost=7");
}

TEST_CASE("cookies: -j drops the session cookies of files, not received ones") {
  CookieJar jar;
  jar.set_junk_session_cookies(true);
  kurl::read_cookie_text(
      "h\tFALSE\t/\tFALSE\t0\tsession\t1\nh\tFALSE\t/\tFALSE\t4070908800\tkept\t2\n", jar, kNow);
  REQUIRE(jar.add_set_cookie("live=3", from("h"), kNow));
  CHECK(sent(jar, "h") == "live=3; kept=2");
}

TEST_CASE("cookies: a file's cookie never replaces one received in the run") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("a=live", from("h"), kNow));
  kurl::read_cookie_text("h\tFALSE\t/\tFALSE\t0\ta\tfile\n", jar, kNow);
  CHECK(sent(jar, "h") == "a=live");
}

TEST_CASE("cookies: the jar is written as curl writes it, newest first") {
  CookieJar jar;
  REQUIRE(jar.add_set_cookie("a=1; HttpOnly", from("h.example"), kNow));
  REQUIRE(jar.add_set_cookie("b=2; Domain=h.example; Path=/p; Max-Age=100",
                             from("h.example", "/", true), kNow));
  REQUIRE(jar.add_set_cookie("gone=3; Max-Age=1", from("h.example"), kNow));
  kurl::read_cookie_text("Set-Cookie: nodomain=4\n", jar, kNow);
  CHECK(kurl::render_cookie_jar(jar.cookies_for_jar(kNow + 5)) ==
        "# Netscape HTTP Cookie File\n"
        "# https://curl.se/docs/http-cookies.html\n"
        "# This file was generated by libcurl! Edit at your own risk.\n\n"
        ".h.example\tTRUE\t/p\tFALSE\t1700000100\tb\t2\n"
        "#HttpOnly_h.example\tFALSE\t/\tFALSE\t0\ta\t1\n");
  // What is written reads back the same (newest first again: the file's order reverses).
  CookieJar again;
  kurl::read_cookie_text(kurl::render_cookie_jar(jar.cookies_for_jar(kNow + 5)), again, kNow);
  CHECK(kurl::render_cookie_jar(again.cookies_for_jar(kNow + 5)) ==
        "# Netscape HTTP Cookie File\n"
        "# https://curl.se/docs/http-cookies.html\n"
        "# This file was generated by libcurl! Edit at your own risk.\n\n"
        "#HttpOnly_h.example\tFALSE\t/\tFALSE\t0\ta\t1\n"
        ".h.example\tTRUE\t/p\tFALSE\t1700000100\tb\t2\n");
}

TEST_CASE("cookies: at most kMaxCookiesSent cookies go on one header") {
  CookieJar jar;
  for (int i = 0; i < 200; ++i) {
    std::string cookie = std::to_string(i);
    cookie.append("=1");
    REQUIRE(jar.add_set_cookie(cookie, from("h"), kNow));
  }
  std::string out;
  CHECK(jar.append_cookie_header("h", "/", false, kNow, out) == kurl::kMaxCookiesSent);
}

TEST_CASE("cookies: files' cookies come back when restored, received ones still win") {
  CookieJar jar;
  kurl::read_cookie_text("h\tFALSE\t/\tFALSE\t0\tgone\t1\nh\tFALSE\t/\tFALSE\t0\tkept\t2\n", jar,
                         kNow);
  REQUIRE(jar.add_set_cookie("gone=; Max-Age=0", from("h"), kNow));
  REQUIRE(jar.add_set_cookie("kept=new", from("h"), kNow));
  CHECK(sent(jar, "h") == "kept=new");
  jar.restore_file_cookies(kNow);
  CHECK(sent(jar, "h") == "gone=1; kept=new");
}
