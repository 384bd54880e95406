#include "engine/pool.h"

#include <sys/resource.h>

#include <algorithm>
#include <optional>

namespace kurl {

namespace {

// The open file limit (main raised the soft one to the hard one) less what kurl needs besides
// its sockets: the reserve, and an output file for each request in flight.
size_t connection_descriptor_budget(unsigned parallel) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  size_t others = Pool::kReservedDescriptors + std::max(parallel, 1u);
  return limit.rlim_cur > others ? static_cast<size_t>(limit.rlim_cur) - others : 0;
}

}  // namespace

Pool::Pool(uv_loop_t* loop, ConnectionOwner& owner, const EngineConfig& config)
    : loop_(loop),
      owner_(owner),
      config_(config),
      tls_key_(config.tls.key()),
      descriptor_budget_(connection_descriptor_budget(config.parallel)) {}

OriginState& Pool::origin_for(const Transfer& transfer, TlsContext* tls) {
  const Url& url = transfer.request.url;
  std::string& key = key_scratch_;
  key.clear();
  url.append_origin(key);
  if (tls) {
    key += "|tls=";
    key += tls_key_;
  }
  if (transfer.has_proxy) {
    key += "|proxy=";
    transfer.proxy.append_origin(key);
    key += "@";
    key += transfer.proxy.user;
  }
  // Where the connection goes, when a flag may send it elsewhere than the URL (or proxy)
  // says; without those flags a known origin is found without building anything.
  std::optional<Destination> routed;
  if (!config_.connect.empty()) {
    routed = destination_of(transfer);
    append_destination_key(*routed, key);
    if (tls && transfer.has_proxy) {
      key += "|tunnel=";
      key += tunnel_authority(url);
    }
  }
  auto found = origins_.find(key);
  if (found != origins_.end()) return *found->second;

  auto origin = std::make_unique<OriginState>();
  origin->key = key;
  ConnectionSettings& settings = origin->settings;
  settings.origin = url.origin();
  settings.target = routed ? std::move(*routed) : destination_of(transfer);
  settings.via_proxy = transfer.has_proxy;
  if (tls) {
    settings.tls = tls;
    settings.tls_host = url.host;
    if (transfer.has_proxy) {
      settings.tunnel_authority = tunnel_authority(url);
      if (transfer.proxy.has_userinfo)
        settings.proxy_authorization = basic_authorization(transfer.proxy);
    }
  }
  settings.connect_timeout = config_.connect_timeout;
  settings.keepalive = config_.keepalive;
  settings.max_requests = config_.max_requests_per_conn;
  settings.pipeline = config_.pipeline;
  settings.tcp.unix_socket = !settings.target.unix_socket.empty();
  settings.tcp.tcp_keepalive_seconds = config_.tcp_keepalive;
  settings.tcp.max_read_bytes = read_piece_for_rate(config_.limits.limit_rate);
  settings.tcp.reclaimer = this;
  OriginState& ref = *origin;
  origins_.emplace(key, std::move(origin));
  return ref;
}

Destination Pool::destination_of(const Transfer& transfer) const {
  const Url& to = transfer.has_proxy ? transfer.proxy : transfer.request.url;
  if (config_.connect.empty()) return Destination{to.host, to.port, {}, {}, false, IpFamily::Any};
  return config_.connect.route(to.host, to.host_is_ipv6, to.port, transfer.has_proxy);
}

// CONNECT always names a port; it asks for where --connect-to sends the origin, as curl's
// does (the proxy resolves that name, so --resolve does not apply to it).
std::string Pool::tunnel_authority(const Url& url) const {
  Destination end = config_.connect.route(url.host, url.host_is_ipv6, url.port);
  bool v6 = end.host == url.host ? url.host_is_ipv6 : end.host.find(':') != std::string::npos;
  return (v6 ? "[" + end.host + "]" : end.host) + ":" + std::to_string(end.port);
}

Connection* Pool::lease(const OriginState& origin, const Transfer& transfer) {
  Connection* best = nullptr;
  for (Connection* candidate : origin.connections) {
    if (!candidate->can_accept(transfer)) continue;
    bool idle = candidate->state() == Connection::State::Idle;
    // --parallel-immediate: a new connection rather than a place in a busy one's pipeline.
    if (!idle && config_.parallel_immediate && may_open(origin)) continue;
    bool best_idle = best && best->state() == Connection::State::Idle;
    if (!best || (idle && !best_idle) ||
        (idle == best_idle && candidate->last_used() > best->last_used())) {
      best = candidate;
    }
  }
  if (best) idle_.remove(*idle_link(*best));
  return best;
}

void Pool::park(Connection& connection) {
  IdleList::Link* link = idle_link(connection);
  if (!link || connection.state() != Connection::State::Idle) return;
  idle_.push_newest(*link);
  while (idle_.size() > config_.max_idle_connections && close_oldest_idle()) {
  }
}

bool Pool::close_oldest_idle() {
  Connection* oldest = idle_.oldest();
  if (!oldest) return false;
  idle_.remove(*idle_link(*oldest));
  oldest->close(CloseReason::IdleTimeout);  // its descriptor is closed now, not in a callback
  return true;
}

IdleList::Link* Pool::idle_link(const Connection& connection) {
  auto found = connections_.find(connection.id());
  return found == connections_.end() ? nullptr : &found->second.idle;
}

bool Pool::may_open(const OriginState& origin) const {
  if (origin.connections.size() >= config_.max_per_host) return false;
  if (origin.connections.empty() || origin.settings.tls == nullptr) return true;
  // No session to resume yet: wait for the handshake in progress to give one, so a parallel
  // batch costs one full handshake per origin rather than one per connection.
  if (origin.settings.tls->session_for(origin.settings.origin) != nullptr) return true;
  for (const Connection* connection : origin.connections) {
    if (!connection->established()) return false;
  }
  return true;
}

Connection& Pool::open(OriginState& origin, Transfer& first) {
  while (open_connections_ >= descriptor_budget_ && close_oldest_idle()) {
  }
  uint64_t id = next_id_++;
  auto connection = std::make_unique<Connection>(loop_, owner_, id, origin.settings);
  Connection& ref = *connection;
  Entry& entry = connections_[id];
  entry.connection = std::move(connection);
  entry.origin = &origin;
  entry.idle.connection = &ref;
  ++open_connections_;
  origin.connections.push_back(&ref);
  ref.start(first);
  return ref;
}

OriginState* Pool::origin_of(const Connection& connection) {
  auto found = connections_.find(connection.id());
  return found == connections_.end() ? nullptr : found->second.origin;
}

OriginState* Pool::forget(Connection& connection) {
  auto found = connections_.find(connection.id());
  if (found == connections_.end() || found->second.forgotten) return nullptr;
  Entry& entry = found->second;
  entry.forgotten = true;
  idle_.remove(entry.idle);
  --open_connections_;
  auto& list = entry.origin->connections;
  list.erase(std::remove(list.begin(), list.end(), &connection), list.end());
  return entry.origin;
}

void Pool::destroy(Connection& connection) {
  forget(connection);  // a no-op unless it closed without leaving: keeps the counts right
  connections_.erase(connection.id());
}

std::vector<Connection*> Pool::all_connections() const {
  std::vector<Connection*> all;
  all.reserve(connections_.size());
  for (const auto& [id, entry] : connections_) all.push_back(entry.connection.get());
  return all;
}

std::vector<OriginState*> Pool::origins() const {
  std::vector<OriginState*> all;
  for (const auto& [key, origin] : origins_) all.push_back(origin.get());
  return all;
}

void Pool::disable_pipelining(OriginState& origin) {
  origin.settings.pipeline = 1;
  for (Connection* connection : origin.connections) connection->disable_pipelining();
}

}  // namespace kurl
