// happy-dom reports `navigator.webdriver === true`, which og-oca treats as a link scanner
// (auto mode falls back to confirm). Unit tests model a person's browser unless a test
// says otherwise with `vi.spyOn(navigator, 'webdriver', 'get')`.
Object.defineProperty(Navigator.prototype, 'webdriver', { configurable: true, get: () => false });
