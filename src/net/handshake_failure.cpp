#include "net/handshake_failure.h"

#include <arpa/inet.h>
#include <mbedtls/asn1.h>
#include <mbedtls/oid.h>
#include <mbedtls/ssl_internal.h>  // the last record: an alert, or a split handshake message
#include <mbedtls/x509_crt.h>

#include <cstdio>
#include <cstring>

#include "net/certificate_chain.h"
#include "net/tls_context.h"

namespace kurl {

namespace {

// Subject alternative name tags: [2] dNSName and [7] iPAddress, context-specific, primitive.
constexpr int kSanDnsNameTag = MBEDTLS_ASN1_CONTEXT_SPECIFIC | 2;
constexpr int kSanIpAddressTag = MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7;

// TLS alert 70 (RFC 8446 6.2): the server speaks none of the versions offered.
constexpr unsigned char kAlertProtocolVersion = 70;

constexpr const char* kClockHint = " (or this machine's clock is wrong); -k skips the check";
constexpr const char* kTrustHint = "trust its CA with --cacert FILE, or skip the check with -k";

std::string date_words(const mbedtls_x509_time& t) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d UTC", t.year, t.mon, t.day, t.hour,
                t.min);
  return text;
}

std::string ip_words(const mbedtls_x509_buf& raw) {
  char text[INET6_ADDRSTRLEN] = "";
  if (raw.len == 4) inet_ntop(AF_INET, raw.p, text, sizeof text);
  if (raw.len == 16) inet_ntop(AF_INET6, raw.p, text, sizeof text);
  return text;
}

std::string common_name(const mbedtls_x509_crt& crt) {
  for (const mbedtls_x509_name* name = &crt.subject; name != nullptr; name = name->next) {
    if (name->oid.p != nullptr && MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &name->oid) == 0)
      return std::string(reinterpret_cast<const char*>(name->val.p), name->val.len);
  }
  return "";
}

// The names a client may reach the server by: its DNS and IP alternative names, or, with
// none, its common name (what mbedTLS falls back to).
std::string names_of(const mbedtls_x509_crt& crt) {
  std::string names;
  for (const mbedtls_x509_sequence* san = &crt.subject_alt_names; san != nullptr; san = san->next) {
    std::string name;
    if (san->buf.tag == kSanDnsNameTag)
      name.assign(reinterpret_cast<const char*>(san->buf.p), san->buf.len);
    if (san->buf.tag == kSanIpAddressTag) name = ip_words(san->buf);
    if (name.empty()) continue;
    names += (names.empty() ? "" : ", ") + name;
  }
  return names.empty() ? common_name(crt) : names;
}

// Which certificate: the server's own, or a CA's in its chain.
std::string which(const mbedtls_x509_crt& crt, int depth) {
  return depth == 0 ? "the certificate" : "the CA certificate " + one_line_name(&crt.subject);
}

std::string trust_problem(const mbedtls_x509_crt& crt, int depth) {
  if (!self_signed(crt))
    return "issued by " + one_line_name(&crt.issuer) + ", not a trusted CA; " + kTrustHint;
  if (depth == 0)
    return "self-signed certificate (" + one_line_name(&crt.subject) +
           "); trust it with --cacert FILE, or skip the check with -k";
  return "the chain ends at a CA that is not trusted (" + one_line_name(&crt.subject) + "); " +
         kTrustHint;
}

void add(std::string& words, const std::string& problem) {
  words += (words.empty() ? "" : "; ") + problem;
}

// mbedTLS 2.28 takes a TLS handshake message only whole in one record: it stops with
// FEATURE_UNAVAILABLE when the message's length says more than the record holds.
bool handshake_message_split(const mbedtls_ssl_context& ssl) {
  return ssl.in_msgtype == MBEDTLS_SSL_MSG_HANDSHAKE && ssl.in_hslen > ssl.in_msglen;
}

bool received_alert(const mbedtls_ssl_context& ssl, unsigned char alert) {
  return ssl.in_msgtype == MBEDTLS_SSL_MSG_ALERT && ssl.in_msglen >= 2 && ssl.in_msg[1] == alert;
}

// mbedTLS's own words for flags kurl does not put in its own, on one line.
std::string mbedtls_words(uint32_t flags) {
  char reason[512] = "";
  mbedtls_x509_crt_verify_info(reason, sizeof reason, "", flags);
  std::string words(reason);
  while (!words.empty() && (words.back() == '\n' || words.back() == ' ')) words.pop_back();
  for (char& c : words) c = c == '\n' ? ';' : c;
  return words;
}

constexpr uint32_t kFlagsInWords = MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE |
                                   MBEDTLS_X509_BADCERT_CN_MISMATCH |
                                   MBEDTLS_X509_BADCERT_NOT_TRUSTED;

}  // namespace

void add_certificate_problem(std::string& words, const mbedtls_x509_crt& crt, int depth,
                             uint32_t flags, const std::string& host) {
  std::string mine;
  if (flags & MBEDTLS_X509_BADCERT_EXPIRED)
    add(mine, which(crt, depth) + " expired on " + date_words(crt.valid_to) + kClockHint);
  if (flags & MBEDTLS_X509_BADCERT_FUTURE)
    add(mine, which(crt, depth) + " is not valid until " + date_words(crt.valid_from) + kClockHint);
  if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH)
    add(mine, "the certificate is for " + names_of(crt) + ", not " + host +
                  "; use a name it has, or skip the check with -k");
  if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) add(mine, trust_problem(crt, depth));
  if (flags & ~kFlagsInWords) add(mine, mbedtls_words(flags & ~kFlagsInWords));
  // mbedTLS shows the chain from its top down; the server's own certificate reads best first.
  if (depth == 0 && !words.empty()) mine += "; " + words;
  if (depth == 0)
    words = std::move(mine);
  else
    add(words, mine);
}

bool parse_ip(const std::string& host, unsigned char* out, size_t& length) {
  if (inet_pton(AF_INET, host.c_str(), out) == 1) {
    length = 4;
    return true;
  }
  if (inet_pton(AF_INET6, host.c_str(), out) == 1) {
    length = 16;
    return true;
  }
  return false;
}

// mbedTLS 2.28 checks only DNS names; an IP literal must match an iPAddress SAN.
bool certificate_has_ip(const mbedtls_x509_crt& certificate, const unsigned char* ip,
                        size_t length) {
  for (const mbedtls_x509_sequence* san = &certificate.subject_alt_names; san != nullptr;
       san = san->next) {
    if (san->buf.tag == kSanIpAddressTag && san->buf.len == length &&
        std::memcmp(san->buf.p, ip, length) == 0) {
      return true;
    }
  }
  return false;
}

Error describe_handshake_failure(const mbedtls_ssl_context& ssl, const std::string& host, int code,
                                 const std::string& certificate_problem) {
  if (code == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
    std::string words = certificate_problem.empty()
                            ? mbedtls_words(mbedtls_ssl_get_verify_result(&ssl))
                            : certificate_problem;
    return Error(ExitCode::CertUntrusted, "SSL certificate problem with " + host + ": " + words);
  }
  if (code == MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE && handshake_message_split(ssl)) {
    return Error(ExitCode::TlsHandshake,
                 "TLS handshake with " + host +
                     " failed: a handshake message split over TLS records, which mbedTLS 2.28 "
                     "cannot reassemble (a certificate chain over 16 KiB, or small records)");
  }
  if (code == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE && received_alert(ssl, kAlertProtocolVersion)) {
    return Error(ExitCode::TlsHandshake,
                 "TLS handshake with " + host +
                     " failed: the server refuses TLS 1.2, the newest version this build's "
                     "mbedTLS 2.28 speaks (it likely requires TLS 1.3)");
  }
  return Error(ExitCode::TlsHandshake,
               "TLS handshake with " + host + " failed: " + mbedtls_error_text(code));
}

}  // namespace kurl
