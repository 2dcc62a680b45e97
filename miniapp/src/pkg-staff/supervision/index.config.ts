export default definePageConfig({ navigationBarTitleText: '督办通知', enablePullDownRefresh: true });
