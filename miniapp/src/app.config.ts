export default defineAppConfig({
  // 主包只放首页；其余页面都在分包里，主包保持在 1.5 MB 以内
  pages: ['pages/index/index'],
  subPackages: [
    { root: 'pkg-report', pages: ['snap/index', 'pickup/index'] },
    { root: 'pkg-mine', pages: ['reports/index', 'detail/index', 'rewards/index', 'followed/index'] },
    { root: 'pkg-explore', pages: ['nearby/index'] },
    { root: 'pkg-user', pages: ['me/index', 'privacy/index', 'help/index'] },
    // 工作台（工作人员绑定后使用）
    {
      root: 'pkg-staff',
      pages: [
        'home/index',
        'queue/index',
        'case/index',
        'resolve/index',
        'findings/index',
        'monitoring/index',
        'notices/index',
        'supervision/index',
        'supervision-detail/index',
      ],
    },
  ],
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['pkg-report'] },
  },
  window: {
    backgroundTextStyle: 'light',
    // 深一点的绿：白色标题的对比度达到 WCAG AA（#16a34a 只有 3.3:1）
    navigationBarBackgroundColor: '#15803d',
    navigationBarTitleText: '三随',
    navigationBarTextStyle: 'white',
    // H5 也画出导航栏（标题 + 返回 / 回首页）；小程序本来就是这样
    navigationStyle: 'default',
    backgroundColor: '#f5f6f7',
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于标记问题发生的位置，方便责任部门尽快找到并处理' },
  },
  lazyCodeLoading: 'requiredComponents',
  // H5：关掉页面切换动画，响应更快（也让浏览器测试的截图稳定）
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
});
