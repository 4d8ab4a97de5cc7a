#ifndef FWCore_Utilities_EDPutToken_h
#define FWCore_Utilities_EDPutToken_h
// Stand-in for edm::EDPutTokenT<T>: what produces<T>(instance) gives, the only way to put a
// product into the event.
namespace edm {

  class ProducerBase;

  template <typename T>
  class EDPutTokenT {
  public:
    EDPutTokenT() = default;
    unsigned int index() const { return value_; }
    bool isUninitialized() const { return value_ == kUninitialized; }

  private:
    friend class ProducerBase;
    static constexpr unsigned int kUninitialized = 0xFFFFFFFF;
    explicit EDPutTokenT(unsigned int value) : value_(value) {}
    unsigned int value_ = kUninitialized;
  };

}  // namespace edm

#endif
