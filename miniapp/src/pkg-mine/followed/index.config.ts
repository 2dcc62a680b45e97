export default definePageConfig({ navigationBarTitleText: '我也遇到的', enablePullDownRefresh: true });
