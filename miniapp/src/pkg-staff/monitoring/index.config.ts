export default definePageConfig({ navigationBarTitleText: '重点监控点位', enablePullDownRefresh: true });
