#include <catch2/catch.hpp>

#include "core/url.h"
#include "engine/request_body.h"

namespace {

// A transfer is not moved once its body is attached: request.body points into it.
kurl::Transfer& transfer_for(const kurl::EngineConfig& config, const char* url) {
  static kurl::Transfer transfer;
  transfer.reset();
  transfer.spec.url = url;
  transfer.request.url = *kurl::parse_url(url);
  kurl::attach_request_body(config, nullptr, transfer);
  return transfer;
}

}  // namespace

TEST_CASE("request body: the method curl picks, the -T name and the -G query") {
  kurl::EngineConfig config;
  CHECK(transfer_for(config, "http://h/").request.method == "GET");
  config.has_body = true;
  config.body.add_text("a=1");
  kurl::Transfer& post = transfer_for(config, "http://h/");
  CHECK(post.request.method == "POST");
  CHECK(post.request.body == &post.string_body);  // in memory: no allocation
  CHECK(post.request.body_length == 3);

  kurl::EngineConfig upload;
  upload.has_body = upload.upload = true;
  upload.upload_name = "up.txt";
  upload.body.add_text("xyz");
  CHECK(transfer_for(upload, "http://h/dir/").request.url.target == "/dir/up.txt");
  CHECK(transfer_for(upload, "http://h/dir/?q=1").request.url.target == "/dir/up.txt?q=1");
  CHECK(transfer_for(upload, "http://h/named").request.url.target == "/named");
  CHECK(transfer_for(upload, "http://h/").request.method == "PUT");
  upload.method = "POST";
  CHECK(transfer_for(upload, "http://h/").request.method == "POST");

  kurl::EngineConfig get;
  get.get_query = "a=1&b=c+d";
  CHECK(transfer_for(get, "http://h/p").request.url.target == "/p?a=1&b=c+d");
  CHECK(transfer_for(get, "http://h/p?x=0").request.url.target == "/p?x=0&a=1&b=c+d");
  get.head_only = true;
  CHECK(transfer_for(get, "http://h/p").request.method == "HEAD");
}

TEST_CASE("request body: Expect: 100-continue where curl 7.88 sends it") {
  kurl::Request request;
  request.has_body = true;
  request.body_length = 1;
  CHECK(kurl::wants_expect_continue(true, request));  // any -T upload with a byte
  CHECK_FALSE(kurl::wants_expect_continue(false, request));
  request.body_length = kurl::kExpectContinueThreshold;
  CHECK_FALSE(kurl::wants_expect_continue(false, request));
  request.body_length = kurl::kExpectContinueThreshold + 1;
  CHECK(kurl::wants_expect_continue(false, request));  // a POST over 1 MiB
  request.body_length = 0;
  CHECK_FALSE(kurl::wants_expect_continue(true, request));  // an empty upload
  request.body_length_known = false;
  CHECK(kurl::wants_expect_continue(false, request));  // standard input
}

TEST_CASE("request body: a 417 drops the Expect once, if the body was not sent") {
  kurl::Transfer transfer;
  transfer.request.expect_continue = true;
  transfer.request.headers = {{"Host", "h"}, {"Expect", "100-continue"}};
  transfer.response.status = 401;
  CHECK_FALSE(kurl::drop_refused_expect(transfer));
  transfer.response.status = 417;
  transfer.body_bytes_sent = 10;
  CHECK_FALSE(kurl::drop_refused_expect(transfer));  // part of it went: not curl's case
  transfer.body_bytes_sent = 0;
  REQUIRE(kurl::drop_refused_expect(transfer));
  CHECK(transfer.request.headers.size() == 1);
  CHECK_FALSE(transfer.request.expect_continue);
  CHECK(transfer.resend_without_expect);
  transfer.request.expect_continue = true;  // a user's own Expect on the resend
  CHECK_FALSE(kurl::drop_refused_expect(transfer));  // once only
}
