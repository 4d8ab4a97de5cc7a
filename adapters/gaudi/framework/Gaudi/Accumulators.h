#pragma once
// Stand-in for Gaudi::Accumulators::Counter: a thread-safe event counter declared as a
// member of its algorithm (mutable, since operator() is const)
//   mutable Gaudi::Accumulators::Counter<> m_events{ this, "Events" };
// incremented with ++ or +=, and printed in the algorithm's counter table at finalize.
#include <atomic>
#include <string>

namespace Gaudi::Accumulators {

  enum class atomicity { none, full };

  class CounterBase {
  public:
    explicit CounterBase(std::string name) : m_name(std::move(name)) {}
    virtual ~CounterBase() = default;
    const std::string& name() const { return m_name; }
    virtual unsigned long nEntries() const = 0;

  private:
    std::string m_name;
  };

  template <atomicity Atomicity = atomicity::full, typename Arithmetic = unsigned long>
  class Counter : public CounterBase {
  public:
    template <typename OWNER>
    Counter(OWNER* owner, const std::string& name) : CounterBase(name) {
      owner->declareCounter(*this);
    }
    Counter& operator++() {
      m_count.fetch_add(1, std::memory_order_relaxed);
      return *this;
    }
    Counter& operator+=(Arithmetic n) {
      m_count.fetch_add(n, std::memory_order_relaxed);
      return *this;
    }
    unsigned long nEntries() const override { return static_cast<unsigned long>(m_count.load()); }
    void reset() { m_count = 0; }

  private:
    std::atomic<Arithmetic> m_count{0};
  };

} // namespace Gaudi::Accumulators
