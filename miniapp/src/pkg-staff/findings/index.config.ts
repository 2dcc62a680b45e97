export default definePageConfig({ navigationBarTitleText: '检查记录' });
