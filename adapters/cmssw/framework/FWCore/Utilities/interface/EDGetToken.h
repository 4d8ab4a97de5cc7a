#ifndef FWCore_Utilities_EDGetToken_h
#define FWCore_Utilities_EDGetToken_h
// Stand-in for edm::EDGetTokenT<T>: what consumes<T>(InputTag) returns, the only way to
// read a product from the event.
namespace edm {

  class EDConsumerBase;

  template <typename T>
  class EDGetTokenT {
  public:
    EDGetTokenT() = default;
    unsigned int index() const { return value_; }
    bool isUninitialized() const { return value_ == kUninitialized; }

  private:
    friend class EDConsumerBase;
    static constexpr unsigned int kUninitialized = 0xFFFFFFFF;
    explicit EDGetTokenT(unsigned int value) : value_(value) {}
    unsigned int value_ = kUninitialized;
  };

}  // namespace edm

#endif
