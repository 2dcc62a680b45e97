export default definePageConfig({ navigationBarTitleText: '随手捡' });
