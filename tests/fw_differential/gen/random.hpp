#pragma once
/// The generator's random source: splitmix64, so a seed gives the same cases on every platform
/// and standard library (std::uniform_int_distribution is implementation-defined).

#include <cstdint>
#include <string>
#include <vector>

namespace fwgen {

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    /// The next raw 64-bit value.
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n); n > 0.
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    /// Uniform in [lo, hi].
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    /// True with probability percent/100.
    bool chance(int percent) { return below(100) < percent; }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<size_t>(below(static_cast<int>(v.size())))];
    }

  private:
    std::uint64_t m_state;
};

}  // namespace fwgen
