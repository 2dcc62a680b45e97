export default definePageConfig({ navigationBarTitleText: '案卷', enablePullDownRefresh: true });
