// engine/redirect_policy: curl's method switches on 301/302/303 with --post301/302/303, and
// which hops keep the command line's credentials (--location-trusted).
#include <catch2/catch.hpp>

#include "engine/redirect_policy.h"

using kurl::RedirectRules;

TEST_CASE("redirect rules: POST becomes GET after 301, 302 and 303 unless kept") {
  RedirectRules none;
  for (int status : {301, 302, 303}) CHECK(kurl::redirect_switches_to_get(status, "POST", none));
  for (int status : {307, 308}) CHECK_FALSE(kurl::redirect_switches_to_get(status, "POST", none));
  RedirectRules keep301{false, true, false, false};
  CHECK_FALSE(kurl::redirect_switches_to_get(301, "POST", keep301));
  CHECK(kurl::redirect_switches_to_get(302, "POST", keep301));
  RedirectRules keep302{false, false, true, false};
  CHECK_FALSE(kurl::redirect_switches_to_get(302, "POST", keep302));
  CHECK(kurl::redirect_switches_to_get(303, "POST", keep302));
  RedirectRules keep303{false, false, false, true};
  CHECK_FALSE(kurl::redirect_switches_to_get(303, "POST", keep303));
  CHECK(kurl::redirect_switches_to_get(301, "POST", keep303));
}

TEST_CASE("redirect rules: 303 turns other methods into GET, --post303 keeps POST only") {
  RedirectRules keep_all{false, true, true, true};
  CHECK(kurl::redirect_switches_to_get(303, "PUT", keep_all));
  CHECK(kurl::redirect_switches_to_get(303, "DELETE", RedirectRules{}));
  CHECK_FALSE(kurl::redirect_switches_to_get(303, "HEAD", RedirectRules{}));
  CHECK_FALSE(kurl::redirect_switches_to_get(303, "GET", RedirectRules{}));
  // 301 and 302 switch only POST.
  CHECK_FALSE(kurl::redirect_switches_to_get(301, "PUT", RedirectRules{}));
  CHECK_FALSE(kurl::redirect_switches_to_get(302, "DELETE", RedirectRules{}));
}

TEST_CASE("redirect rules: the plan keeps POST and its body with --post30x") {
  kurl::Url from = *kurl::parse_url("http://a.test/form");
  auto plain = kurl::plan_redirect(from, "POST", 302, "/next");
  REQUIRE(plain);
  CHECK(plain->method == "GET");
  CHECK_FALSE(plain->keep_body);
  auto kept =
      kurl::plan_redirect(from, "POST", 302, "/next", RedirectRules{false, false, true, false});
  REQUIRE(kept);
  CHECK(kept->method == "POST");
  CHECK(kept->keep_body);
}

TEST_CASE("redirect rules: credentials stay on the origin, or go anywhere when trusted") {
  kurl::Url from = *kurl::parse_url("http://a.test/");
  auto same = kurl::plan_redirect(from, "GET", 302, "/b");
  auto other_port = kurl::plan_redirect(from, "GET", 302, "http://a.test:81/");
  auto other_host = kurl::plan_redirect(from, "GET", 302, "http://b.test/");
  auto to_https = kurl::plan_redirect(from, "GET", 302, "https://a.test/");
  REQUIRE((same && other_port && other_host && to_https));
  CHECK(same->keep_credentials);
  CHECK_FALSE(other_port->keep_credentials);
  CHECK_FALSE(other_host->keep_credentials);
  CHECK_FALSE(to_https->keep_credentials);
  RedirectRules trusted{true, false, false, false};
  auto anywhere = kurl::plan_redirect(from, "GET", 302, "http://b.test/", trusted);
  REQUIRE(anywhere);
  CHECK_FALSE(anywhere->same_origin);
  CHECK(anywhere->keep_credentials);
}

TEST_CASE("redirect rules: --path-as-is keeps dot segments in the URL and the Location") {
  CHECK(kurl::parse_url("http://a.test/x/./y/../z?q=/../")->target == "/x/z?q=/../");
  CHECK(kurl::parse_url("http://a.test/x/./y/../z", kurl::DotSegments::Keep)->target ==
        "/x/./y/../z");
  kurl::Url from = *kurl::parse_url("http://a.test/dir/page");
  RedirectRules as_is{false, false, false, false, false, kurl::DotSegments::Keep};
  CHECK(kurl::plan_redirect(from, "GET", 302, "../up/./here")->url.target == "/up/here");
  CHECK(kurl::plan_redirect(from, "GET", 302, "../up/./here", as_is)->url.target ==
        "/dir/../up/./here");
  CHECK(kurl::plan_redirect(from, "GET", 302, "http://b.test/a/../b", as_is)->url.target ==
        "/a/../b");
}

TEST_CASE("redirect: -X keeps its method where -L would switch to GET, the body goes", "[redirect]") {
  kurl::RedirectRules custom;
  custom.custom_method = true;
  auto url = kurl::parse_url("http://h/form");
  REQUIRE(url);
  for (int status : {301, 302, 303}) {
    INFO(status);
    auto plan = kurl::plan_redirect(*url, "POST", status, "/done", custom);
    REQUIRE(plan);
    CHECK(plan->method == "POST");
    CHECK_FALSE(plan->keep_body);
  }
  auto put = kurl::plan_redirect(*url, "PUT", 303, "/done", custom);
  REQUIRE(put);
  CHECK(put->method == "PUT");
  auto plain = kurl::plan_redirect(*url, "POST", 301, "/done");
  REQUIRE(plain);
  CHECK(plain->method == "GET");
}
