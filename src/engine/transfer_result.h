// The plain-data outcome of a request, as the sinks receive it.
#pragma once

#include <string_view>

#include "engine/expectations.h"
#include "engine/observer.h"
#include "engine/transfer.h"

namespace kurl {

/// Fills `result` (whose strings keep their memory between requests) from a finished
/// transfer and its verdict. `default_method` is -X, used for a request that failed before it
/// had a method.
void describe_transfer(const Transfer& transfer, const Verdict& verdict,
                       std::string_view default_method, TransferResult& result);

/// Fills `sent` for `transfer`'s request just written (`head` as it went) on connection
/// `connection_id` to `origin`.
void describe_request_sent(const Transfer& transfer, uint64_t connection_id,
                           std::string_view origin, std::string_view head, RequestSent& sent);

}  // namespace kurl
