export default definePageConfig({
  navigationBarTitleText: '三随 · 随手拍',
  enablePullDownRefresh: true,
});
