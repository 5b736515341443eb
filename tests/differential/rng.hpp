#pragma once
/// A small deterministic random source for the corpus generator.
///
/// The standard distributions are implementation-defined, so a seed would not reproduce the same
/// configuration with another standard library; this generator is fully specified (splitmix64).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::differential {

/// splitmix64: every value it produces depends only on the seed.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    /// The next 64 random bits.
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// A number in [0, n); n must be > 0.
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    /// A number in [lo, hi].
    int between(int lo, int hi) {
        return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1)));
    }
    /// True with probability percent/100.
    bool chance(int percent) { return static_cast<int>(below(100)) < percent; }
    /// One element of a non-empty list.
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[below(items.size())];
    }

  private:
    std::uint64_t m_state;
};

/// The seed of generated configuration `index` of a run started with `base_seed`.
inline std::uint64_t derive_seed(std::uint64_t base_seed, std::uint64_t index) {
    Rng r(base_seed ^ (index * 0xD1B54A32D192ED03ULL));
    return r.next();
}

}  // namespace lifeline::differential
